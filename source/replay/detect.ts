// Tells what a path given to `replay` holds and lists its steps, each with a way to stream its
// events. Detection reads little (state.json, the first 64 kB of a file, one runner event);
// events are read only when a step is opened.
import {closeSync, constants, fstatSync, openSync, readdirSync, readFileSync, readSync, statSync, type Stats} from 'node:fs';
import {basename, dirname, isAbsolute, join, resolve} from 'node:path';
import {readState} from '../run/store.js';
import type {RunState} from '../run/types.js';
import {isObject, str} from '../ansible/json-values.js';
import {isJsonDoc, JsonDocFile} from './json-doc.js';
import {EventFile, type EventAt, type RecordedEvents} from './read-lines.js';
import {runnerInventory, type RecordedInventory} from './inventory.js';
import {jobEventFiles, RunnerEvents} from './runner.js';

export type {EventAt, RecordedEvents} from './read-lines.js';

export type RecordingKind = 'run-dir' | 'events' | 'jsonl' | 'json' | 'runner';

export interface RecordedStep {
	id: string;
	name: string;
	/** The step's status in state.json (run directories); null for other sources. */
	status: string | null;
	/** The NDJSON/jsonl file whose byte offsets the events carry; null for json/runner or no events. */
	file: string | null;
	/** Streams the step's events anew on each call (offset -1 when there is no file). */
	open(): RecordedEvents;
}

export interface Recording {
	kind: RecordingKind;
	/** The path given, made absolute. */
	source: string;
	steps: RecordedStep[];
	/** The inventory the recording names (ansible-runner's), for bands; absent when none. */
	inventory?: RecordedInventory;
}

export type DetectResult = {ok: true; recording: Recording} | {ok: false; message: string};

const expected =
	'expected a run directory (with state.json), a driver events file (.ndjson), ansible.posix.jsonl or ansible.posix.json output, or an ansible-runner artifacts folder (job_events/)';

const sniffBytes = 64 * 1024;
const sniffLines = 20;

function statOf(path: string): Stats | null {
	try {
		return statSync(path);
	} catch {
		return null;
	}
}

const isDir = (path: string) => statOf(path)?.isDirectory() ?? false;
const isFile = (path: string) => statOf(path)?.isFile() ?? false;

class NoEvents implements RecordedEvents {
	readonly lines = 0;
	readonly badLines = 0;
	async *[Symbol.asyncIterator](): AsyncGenerator<EventAt> {}
}

/**
 * What the start of a file is: the driver's NDJSON (`type`), ansible.posix.jsonl (`_event`), an
 * ansible.posix.json document (`plays`/`stats`), or null. The first readable lines decide; lines
 * that are not JSON (stray output) are passed over.
 */
export function sniffText(head: string, complete = true): 'events' | 'jsonl' | 'json' | null {
	const text = head.charCodeAt(0) === 0xfeff ? head.slice(1) : head;
	const lines = text.split('\n');
	// When the window cut the file, its last piece is a partial line: only whole lines are tried.
	if (!complete) lines.pop();
	let tried = 0;
	for (const raw of lines) {
		const line = raw.trim();
		if (line === '') continue;
		if (++tried > sniffLines) break;
		let value: unknown;
		try {
			value = JSON.parse(line);
		} catch {
			continue;
		}
		if (!isObject(value)) continue;
		if (typeof value['type'] === 'string') return 'events';
		if (typeof value['_event'] === 'string') return 'jsonl';
		if (isJsonDoc(value)) return 'json';
	}
	// An indented (or long single-line) document: its start is all the window shows.
	if (/^\s*\{/.test(text) && /"(?:plays|stats)"\s*:/.test(text)) return 'json';
	return null;
}

function readHead(path: string): {text: string; complete: boolean} {
	// Non-blocking: opening a named pipe put in the file's place would wait for a writer forever.
	const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
	try {
		if (!fstatSync(fd).isFile()) throw new Error('not a regular file');
		const buffer = Buffer.alloc(sniffBytes);
		const n = readSync(fd, buffer, 0, sniffBytes, 0);
		return {text: buffer.toString('utf8', 0, n), complete: n < sniffBytes};
	} finally {
		closeSync(fd);
	}
}

/** The step id a file name suggests: a run's `steps/<id>/attempt-<n>.events.ndjson`, or its stem. */
function fileStepId(path: string): string {
	const inRun = /(?:^|[/\\])steps[/\\]([^/\\]+)[/\\]attempt-\d+\.events\.ndjson$/.exec(path);
	if (inRun?.[1]) return inRun[1];
	return basename(path).replace(/(?:\.events)?\.(?:ndjson|jsonl|json|log|txt)$/i, '') || basename(path);
}

function fromFile(path: string): DetectResult {
	let head: {text: string; complete: boolean};
	try {
		head = readHead(path);
	} catch (error) {
		return {ok: false, message: `cannot read ${path}: ${(error as Error).message}`};
	}
	if (head.text.trim() === '') return {ok: false, message: `${path} is empty: nothing to replay`};
	const kind = sniffText(head.text, head.complete);
	if (kind === null) return {ok: false, message: `${path} is not a recording ansible-driver can replay: ${expected}`};
	const step: RecordedStep =
		kind === 'json'
			? {id: fileStepId(path), name: basename(path), status: null, file: null, open: () => new JsonDocFile(path)}
			: {id: fileStepId(path), name: basename(path), status: null, file: path, open: () => new EventFile(path)};
	return {ok: true, recording: {kind, source: path, steps: [step]}};
}

/** The latest attempt's events file of a step: looked up in the run directory first (it may have moved). */
function stepEventsFile(dir: string, step: RunState['steps'][number]): string | null {
	const recorded = step.attempt?.eventsFile;
	if (!recorded) return null;
	const candidates = [join(dir, 'steps', step.id, basename(recorded)), isAbsolute(recorded) ? recorded : resolve(dir, recorded)];
	return candidates.find(isFile) ?? null;
}

function fromRunDir(dir: string): DetectResult {
	const read = readState(dir);
	if (!read.ok) return {ok: false, message: read.message};
	const steps = read.state.steps.map((s): RecordedStep => {
		const file = stepEventsFile(dir, s);
		return {id: s.id, name: s.name, status: s.status, file, open: () => (file ? new EventFile(file) : new NoEvents())};
	});
	return {ok: true, recording: {kind: 'run-dir', source: dir, steps}};
}

/** job_events folders at, in, or below (artifacts/<ident>/, <ident>/) a directory. */
function findJobEvents(dir: string): string[] {
	if (basename(dir) === 'job_events') return [dir];
	if (isDir(join(dir, 'job_events'))) return [join(dir, 'job_events')];
	const artifacts = isDir(join(dir, 'artifacts')) ? join(dir, 'artifacts') : dir;
	let names: string[];
	try {
		names = readdirSync(artifacts);
	} catch {
		return [];
	}
	const found = names.map((name) => join(artifacts, name, 'job_events')).filter(isDir);
	// Several runs of one private_data_dir: oldest first.
	const mtime = (path: string) => statOf(path)?.mtimeMs ?? 0;
	return found.sort((a, b) => mtime(a) - mtime(b) || (a < b ? -1 : 1));
}

/** The playbook a runner job ran, from its first event (cheap: one small file). */
function runnerPlaybook(jobEvents: string): string | undefined {
	try {
		const first = jobEventFiles(jobEvents)[0];
		if (!first || !isFile(first)) return undefined;
		const value: unknown = JSON.parse(readFileSync(first, 'utf8'));
		return isObject(value) && isObject(value['event_data']) ? str(value['event_data']['playbook']) : undefined;
	} catch {
		return undefined;
	}
}

function fromRunner(dir: string, jobEvents: string[]): DetectResult {
	const steps = jobEvents.map((events): RecordedStep => {
		const ident = basename(dirname(events));
		const playbook = runnerPlaybook(events);
		return {id: ident, name: playbook ?? ident, status: null, file: null, open: () => new RunnerEvents(events)};
	});
	const inventory = runnerInventory(jobEvents);
	return {ok: true, recording: {kind: 'runner', source: dir, steps, ...(inventory ? {inventory} : {})}};
}

/** Detects the recording at path (see RecordingKind); a message an operator can act on when there is none. */
export function detectRecording(path: string): DetectResult {
	const source = resolve(path);
	const stat = statOf(source);
	if (!stat) return {ok: false, message: `${path}: no such file or directory`};
	if (stat.isDirectory()) {
		if (isFile(join(source, 'state.json'))) return fromRunDir(source);
		const jobEvents = findJobEvents(source);
		if (jobEvents.length > 0) return fromRunner(source, jobEvents);
		return {ok: false, message: `${path} is a directory with no state.json, job_events/ or artifacts/: ${expected}`};
	}
	// Reading a named pipe, socket or device would wait forever or never end.
	if (!stat.isFile()) return {ok: false, message: `${path} is ${specialKind(stat)}, not a file: replay reads a recording saved to a file or a run directory; save it to a file first (e.g. cat ${path} > run.ndjson) and replay that`};
	if (basename(source) === 'state.json') return fromRunDir(dirname(source));
	return fromFile(source);
}

function specialKind(stat: Stats): string {
	if (stat.isFIFO()) return 'a named pipe (FIFO)';
	if (stat.isSocket()) return 'a socket';
	if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
	return 'not a regular file';
}
