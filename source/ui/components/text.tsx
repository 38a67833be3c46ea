// Fixed-width text: every line the screen draws is cut or padded to its exact width, so the
// layout does not move from frame to frame. Callers sanitize host text before it gets here.
import {Box, Text} from 'ink';
import {createContext, useContext, type ReactNode} from 'react';

/** False: no colours at all (NO_COLOR); glyphs, words, bold and inverse carry every meaning. */
export const ColorContext = createContext(true);

function charWidth(code: number): number {
	if (code < 0x300) return 1;
	if ((code >= 0x300 && code <= 0x36f) || (code >= 0x200b && code <= 0x200f) || (code >= 0xfe00 && code <= 0xfe0f)) return 0;
	const wide =
		(code >= 0x1100 && code <= 0x115f) ||
		(code >= 0x2e80 && code <= 0xa4cf) ||
		(code >= 0xac00 && code <= 0xd7a3) ||
		(code >= 0xf900 && code <= 0xfaff) ||
		(code >= 0xfe30 && code <= 0xfe4f) ||
		(code >= 0xff00 && code <= 0xff60) ||
		(code >= 0xffe0 && code <= 0xffe6) ||
		(code >= 0x1f300 && code <= 0x1faff) ||
		(code >= 0x20000 && code <= 0x3fffd);
	return wide ? 2 : 1;
}

export function textWidth(text: string): number {
	let width = 0;
	for (const ch of text) width += charWidth(ch.codePointAt(0)!);
	return width;
}

/** Cut to `width` columns (with … when cut), tabs as spaces; no padding. */
export function cut(text: string, width: number): string {
	const flat = text.replace(/[\t\n]/g, ' ');
	if (textWidth(flat) <= width) return flat;
	if (width <= 0) return '';
	let out = '';
	let used = 0;
	for (const ch of flat) {
		const w = charWidth(ch.codePointAt(0)!);
		if (used + w > width - 1) break;
		out += ch;
		used += w;
	}
	return `${out}…`;
}

/** Cut to `width` columns at its start (…tail), for paths whose end matters. */
export function cutStart(text: string, width: number): string {
	const flat = text.replace(/[\t\n]/g, ' ');
	if (textWidth(flat) <= width) return flat;
	if (width <= 0) return '';
	const chars = Array.from(flat);
	let out = '';
	let used = 0;
	for (let i = chars.length - 1; i >= 0; i--) {
		const w = charWidth(chars[i]!.codePointAt(0)!);
		if (used + w > width - 1) break;
		out = chars[i]! + out;
		used += w;
	}
	return `…${out}`;
}

/**
 * Texts cut to `width` so that different texts stay different: those a plain cut would make
 * alike (`lxc-container…` twice) keep their start and their end instead (`lxc-co…z-sync`).
 */
export function cutDistinct(texts: readonly string[], width: number): string[] {
	const plain = texts.map((t) => cut(t, width));
	const seen = new Map<string, Set<string>>();
	texts.forEach((t, i) => {
		const set = seen.get(plain[i]!) ?? new Set<string>();
		set.add(t);
		seen.set(plain[i]!, set);
	});
	return texts.map((t, i) => ((seen.get(plain[i]!)?.size ?? 0) > 1 ? cutMiddle(t, width) : plain[i]!));
}

/** Cut in the middle: the start, …, the end. */
function cutMiddle(text: string, width: number): string {
	const flat = text.replace(/[\t\n]/g, ' ');
	if (textWidth(flat) <= width) return flat;
	if (width < 3) return cut(flat, width);
	const head = Math.ceil((width - 1) / 2);
	const tail = width - 1 - head;
	return `${cut(flat, head + 1).replace(/…$/, '')}…${tail > 0 ? cutStart(flat, tail + 1).replace(/^…/, '') : ''}`;
}

/** Exactly `width` columns: cut, then padded on the right (or the left with `alignRight`). */
export function fit(text: string, width: number, alignRight = false): string {
	const c = cut(text, width);
	const padding = ' '.repeat(Math.max(0, width - textWidth(c)));
	return alignRight ? padding + c : c + padding;
}

export interface Segment {
	text: string;
	color?: string | undefined;
	dim?: boolean;
	bold?: boolean;
	inverse?: boolean;
}

function style(s: Segment, color: boolean) {
	return {
		...(s.color === undefined || !color ? {} : {color: s.color}),
		...(s.dim ? {dimColor: true} : {}),
		...(s.bold ? {bold: true} : {}),
		...(s.inverse ? {inverse: true} : {}),
	};
}

const sameStyle = (a: Segment, b: Segment) => a.color === b.color && !a.dim === !b.dim && !a.bold === !b.bold && !a.inverse === !b.inverse;

/** Segments cut to at most `width` columns, neighbours of one style merged. */
export function fitSegments(segments: Segment[], width: number): Segment[] {
	const out: Segment[] = [];
	let used = 0;
	const add = (s: Segment) => {
		const last = out[out.length - 1];
		if (last && sameStyle(last, s)) last.text += s.text;
		else out.push({...s});
	};
	for (const s of segments) {
		if (used >= width) break;
		const text = cut(s.text, width - used);
		used += textWidth(text);
		if (text) add({...s, text});
	}
	return out;
}

/** Exactly `width` columns: cut, then padded with blanks (a pane's line beside another pane). */
export function padSegments(segments: Segment[], width: number): Segment[] {
	const out = fitSegments(segments, width);
	const used = out.reduce((n, s) => n + textWidth(s.text), 0);
	if (used < width) out.push({text: ' '.repeat(width - used)});
	return out;
}

/** Exactly `height` lines: cut, or filled with empty ones. */
export function block(lines: Segment[][], height: number): Segment[][] {
	const out = lines.slice(0, Math.max(0, height));
	while (out.length < height) out.push([]);
	return out;
}

const foreground: Record<string, number> = {black: 30, red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36, white: 37, gray: 90, grey: 90};

/**
 * One screen line as the terminal gets it: cut to `width`, trailing blanks dropped, each styled
 * run in its SGR codes and reset after (no colours when `color` is false).
 */
export function ansiLine(segments: Segment[], width: number, color: boolean): string {
	let out = '';
	for (const s of trimEnd(fitSegments(segments, width))) {
		const codes: number[] = [];
		if (s.bold) codes.push(1);
		if (s.dim) codes.push(2);
		if (s.inverse) codes.push(7);
		const fg = color && s.color !== undefined ? foreground[s.color] : undefined;
		if (fg !== undefined) codes.push(fg);
		out += codes.length === 0 ? s.text : `\u001b[${codes.join(';')}m${s.text}\u001b[0m`;
	}
	return out;
}

/** Trailing blanks cost Ink time per character and show nothing (unless inverse): drop them. */
function trimEnd(segments: Segment[]): Segment[] {
	const last = segments[segments.length - 1];
	if (!last || last.inverse) return segments;
	const text = last.text.trimEnd();
	return text ? [...segments.slice(0, -1), {...last, text}] : trimEnd(segments.slice(0, -1));
}

/**
 * A block of `height` lines (default: as many as given) in a box exactly `width` columns wide,
 * drawn as one Text node. Lines are cut to the width, so Ink never wraps them; trailing blanks
 * are left out (Ink pays per character written, and the box keeps the layout fixed).
 */
export function Lines({lines, width, height}: {lines: Segment[][]; width: number; height?: number}) {
	const color = useContext(ColorContext);
	const count = height ?? lines.length;
	const children: ReactNode[] = [];
	for (let i = 0; i < count; i++) {
		if (i > 0) children.push('\n');
		trimEnd(fitSegments(lines[i] ?? [], width)).forEach((p, j) => {
			const look = style(p, color);
			children.push(Object.keys(look).length === 0 ? p.text : <Text key={`${i}.${j}`} {...look}>{p.text}</Text>);
		});
	}
	return (
		<Box width={width} height={count}>
			<Text>{children}</Text>
		</Box>
	);
}

/** One screen line of styled segments. */
export function Line({segments, width}: {segments: Segment[]; width: number}) {
	return <Lines lines={[segments]} width={width} />;
}
