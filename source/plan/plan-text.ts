// The plan file's text, checked before yaml sees it: at most MAX_PLAN_BYTES, valid UTF-8, and
// only the characters YAML allows (no control characters but tab and line breaks). A problem
// names the line and column, with the offending byte or character escaped.
import {isUtf8} from 'node:buffer';
import {closeSync, constants, fstatSync, openSync, readSync} from 'node:fs';
import {escapeChar} from './escape.js';
import {MAX_PLAN_BYTES} from './limits.js';
import type {PlanProblem} from './types.js';

export type TextResult = {ok: true; text: string} | {ok: false; problem: PlanProblem};

function formatSize(bytes: number): string {
	return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}

/** A plan of `bytes` bytes (`over`: at least that many) is too big. */
export function sizeProblem(file: string, bytes: number, over = false): PlanProblem {
	return {
		file,
		message: `the plan file is ${over ? 'over ' : ''}${formatSize(bytes)}; a plan file may be at most ${formatSize(MAX_PLAN_BYTES)} (real plans are a few KB): check that PLAN names the plan and not another file`,
	};
}

/** Reads the file, refusing one over the size limit before reading it (and one that grows past it). */
export function readPlanBytes(file: string): {ok: true; bytes: Buffer} | {ok: false; problem: PlanProblem} {
	let fd: number;
	try {
		// Non-blocking: a named pipe put in the plan's place must not hang the driver.
		fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
	} catch (error) {
		return {ok: false, problem: {file, message: `cannot read the plan file: ${(error as Error).message}`}};
	}
	try {
		const stats = fstatSync(fd);
		if (!stats.isFile()) return {ok: false, problem: {file, message: 'the plan is not a regular file: give the path of a .yml, .yaml or .json file'}};
		if (stats.size > MAX_PLAN_BYTES) return {ok: false, problem: sizeProblem(file, stats.size)};
		const buffer = Buffer.alloc(MAX_PLAN_BYTES + 1);
		let length = 0;
		for (;;) {
			const n = readSync(fd, buffer, length, buffer.length - length, null);
			if (n === 0) break;
			length += n;
			if (length > MAX_PLAN_BYTES) return {ok: false, problem: sizeProblem(file, MAX_PLAN_BYTES, true)};
		}
		return {ok: true, bytes: buffer.subarray(0, length)};
	} catch (error) {
		return {ok: false, problem: {file, message: `cannot read the plan file: ${(error as Error).message}`}};
	} finally {
		closeSync(fd);
	}
}

/** Byte length of the UTF-8 sequence starting at `at`, or 0 when it is not valid UTF-8 (WHATWG rules). */
function sequenceLength(bytes: Uint8Array, at: number): number {
	const lead = bytes[at] ?? 0;
	if (lead < 0x80) return 1;
	let length: number;
	let low = 0x80;
	let high = 0xbf;
	if (lead >= 0xc2 && lead <= 0xdf) length = 2;
	else if (lead >= 0xe0 && lead <= 0xef) {
		length = 3;
		if (lead === 0xe0) low = 0xa0; // overlong
		if (lead === 0xed) high = 0x9f; // surrogates
	} else if (lead >= 0xf0 && lead <= 0xf4) {
		length = 4;
		if (lead === 0xf0) low = 0x90; // overlong
		if (lead === 0xf4) high = 0x8f; // above U+10FFFF
	} else return 0;
	for (let i = 1; i < length; i++) {
		const byte = bytes[at + i];
		if (byte === undefined || byte < (i === 1 ? low : 0x80) || byte > (i === 1 ? high : 0xbf)) return 0;
	}
	return length;
}

/** Offset of the first byte that is not valid UTF-8, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
	for (let at = 0; at < bytes.length; ) {
		const length = sequenceLength(bytes, at);
		if (length === 0) return at;
		at += length;
	}
	return -1;
}

/** The text of valid UTF-8 bytes; invalid UTF-8 is a problem at its line and column. */
export function decodePlan(bytes: Buffer, file: string): TextResult {
	if (isUtf8(bytes)) return {ok: true, text: bytes.toString('utf8')};
	const at = Math.max(0, firstInvalidUtf8(bytes));
	const lineStart = at === 0 ? 0 : bytes.lastIndexOf(0x0a, at - 1) + 1;
	let line = 1;
	for (let i = bytes.indexOf(0x0a); i !== -1 && i < at; i = bytes.indexOf(0x0a, i + 1)) line++;
	const column = bytes.toString('utf8', lineStart, at).length + 1;
	const byte = (bytes[at] ?? 0).toString(16).padStart(2, '0');
	const utf16 = bytes[0] === 0xff || bytes[0] === 0xfe ? ' (the file looks like UTF-16)' : '';
	return {
		ok: false,
		problem: {file, line, column, message: `invalid UTF-8 (byte \\x${byte})${utf16}: a plan file must be UTF-8; convert it, e.g. iconv -f latin1 -t utf-8 PLAN > PLAN.utf8, or fix the character`},
	};
}

// YAML allows tab and line breaks among the C0 controls, and NEL (U+0085) among the C1 ones.
// eslint-disable-next-line no-control-regex
const forbidden = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u0080-\u0084\u0086-\u009F]/;

/** A position (1-based line and column, in UTF-16 units as yaml counts them) from a string offset. */
export function positionAt(text: string, offset: number): {line: number; column: number} {
	let line = 1;
	for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
	return {line, column: offset - (text.lastIndexOf('\n', offset - 1) + 1) + 1};
}

/** The first character YAML does not allow in a file (a control character), as a problem. */
export function controlCharacterProblem(text: string, file: string): PlanProblem | undefined {
	const match = forbidden.exec(text);
	if (match === null) return undefined;
	return {
		file,
		...positionAt(text, match.index),
		message: `control character ${escapeChar(match[0])} is not allowed in a plan file: remove it (inside double quotes, write it as an escape such as \\t or \\x1b)`,
	};
}
