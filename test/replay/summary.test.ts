import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {Writable} from 'node:stream';
import {afterAll, describe, expect, it} from 'vitest';
import type {DriverEvent} from '../../source/ansible/events.js';
import {replayPlain} from '../../source/commands/replay-plain.js';
import {formatReplaySummary, summarizeEvents} from '../../source/replay/summary.js';
import {EVENTS, REPLAY} from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'replay-summary-'));
afterAll(() => rmSync(tmp, {recursive: true, force: true}));

function sink(): {stream: Writable; text: () => string} {
	let text = '';
	const stream = new Writable({
		write(chunk: Buffer, _encoding, done) {
			text += chunk.toString();
			done();
		},
	});
	return {stream, text: () => text};
}

async function plain(path: string): Promise<{code: number; stdout: string; stderr: string}> {
	const stdout = sink();
	const stderr = sink();
	const code = await replayPlain(path, {stdout: stdout.stream, stderr: stderr.stream});
	return {code, stdout: stdout.text(), stderr: stderr.text()};
}

describe('summarizeEvents', () => {
	it('counts results per task by status, keeps failures with their task, and the recap', () => {
		const events: DriverEvent[] = [
			{type: 'task_start', t: 1, task: {id: 't1', name: 'one'}},
			{type: 'result', t: 2, host: 'a', taskId: 't1', status: 'ok'},
			{type: 'result', t: 2, host: 'b', taskId: 't1', status: 'failed', msg: 'boom', rc: 2},
			{type: 'item', t: 2, host: 'a', taskId: 't1', status: 'ok', item: 'x'},
			{type: 'retry', t: 2, host: 'a', taskId: 't1', attempts: 1, retries: 3},
			// A jsonl result names its task itself.
			{type: 'result', t: 3, host: 'a', taskId: 't2', task: {id: 't2', name: 'two'}, status: 'unreachable', msg: 'no route'},
			{type: 'stats', t: 4, hosts: {a: {ok: 1, changed: 0, failures: 0, unreachable: 1, skipped: 0, rescued: 0, ignored: 0}}},
		];
		const s = summarizeEvents(events);
		expect(s.tasks.map((t) => [t.name, t.counts, t.items, t.retries])).toEqual([
			['one', {ok: 1, failed: 1}, 1, 1],
			['two', {unreachable: 1}, 0, 0],
		]);
		expect(s.failures).toEqual([
			{host: 'b', task: 'one', status: 'failed', msg: 'boom; rc 2'},
			{host: 'a', task: 'two', status: 'unreachable', msg: 'no route'},
		]);
		expect(s.stats?.['a']?.unreachable).toBe(1);
	});

	it('host text is sanitized in the summary: no escape sequences reach the terminal', () => {
		const s = summarizeEvents([
			{type: 'task_start', t: 1, task: {id: 't', name: 'evil\u001b[2J task'}},
			{type: 'result', t: 2, host: 'h\u001b]0;title\u0007x', taskId: 't', status: 'failed', msg: 'line one\nline \u001b[31mtwo'},
		]);
		const text = formatReplaySummary({kind: 'events', source: '/x.ndjson', steps: [{id: 'x', name: 'x.ndjson', status: null, summary: s, badLines: 0}]}, 0);
		expect(text).not.toMatch(/\u001b/);
		expect(text).toContain('FAILED hx | task "evil task" | line one ⏎ line two');
		expect(text).toContain('no recap: the playbook did not run to its end');
	});
});

describe('replayPlain', () => {
	it('the recorded run with a failure: per-step task counts, the failed host with task and message, the recap, the step never run', async () => {
		const {code, stdout, stderr} = await plain(join(REPLAY, 'run-dir'));
		expect(code).toBe(0);
		expect(stderr).toBe('');
		expect(stdout).toContain('(run directory, 3 steps)');
		expect(stdout).toContain('[1/3] first: done\n  task "first task one": changed=3\n  task "first task two": changed=3\n');
		expect(stdout).toContain('[2/3] fails: failed\n  task "check cluster state": changed=2 failed=1\n  task "after the check": changed=2\n');
		expect(stdout).toContain('  failed hosts:\n    FAILED h2 | task "check cluster state" | non-zero return code; stderr: wsrep not Synced; rc 3\n');
		expect(stdout).toMatch(/ {4}h2 {2}ok=0 changed=0 unreachable=0 failed=1 skipped=0 rescued=0 ignored=0\n/);
		expect(stdout).toContain('[3/3] last: pending, no events');
		expect(stdout).not.toMatch(/unreadable/);
	});

	it('runner artifacts: the rescued and the real failure are listed, the ignored one is not', async () => {
		const {code, stdout} = await plain(join(REPLAY, 'runner'));
		expect(code).toBe(0);
		expect(stdout).toContain('[1/1] mixed (mixed.yml)');
		expect(stdout).toContain('task "ignored failure": skipped=2 ignored=1');
		expect(stdout).toContain('task "wait until ready": changed=1 skipped=2 retries=1');
		expect(stdout).toContain('handler "restart service": changed=2');
		expect(stdout).toContain('FAILED h2 | task "check cluster state" | wsrep not Synced on h2');
		expect(stdout).not.toContain('FAILED h1');
	});

	it('the json document and a jsonl stream summarize the same failure', async () => {
		const json = await plain(join(REPLAY, 'mixed.posix.json'));
		expect(json.code).toBe(0);
		expect(json.stdout).toContain('[1/1] mixed.posix.json');
		expect(json.stdout).toContain('FAILED h2 | task "check cluster state" | wsrep not Synced on h2');
		const jsonl = await plain(join(EVENTS, 'fails.jsonl'));
		expect(jsonl.stdout).toContain('FAILED h2 | task "check cluster state" | non-zero return code; stderr: wsrep not Synced; rc 3');
	});

	it('unreadable lines are skipped, counted and reported, and the exit is still 0', async () => {
		const {code, stdout} = await plain(join(EVENTS, 'damaged.ndjson'));
		expect(code).toBe(0);
		expect(stdout).toContain('task "first task one": changed=3');
		expect(stdout.trimEnd().endsWith('9 unreadable lines skipped')).toBe(true);
	});

	it('a path that is not a recording ends with exit 2 and the reason (the CLI prefixes and prints it)', async () => {
		await expect(plain(join(tmp, 'missing'))).rejects.toMatchObject({code: 2, message: `${join(tmp, 'missing')}: no such file or directory`});
		const text = join(tmp, 'notes.txt');
		writeFileSync(text, 'hello\n');
		await expect(plain(text)).rejects.toMatchObject({code: 2, message: expect.stringMatching(/is not a recording ansible-driver can replay/)});
	});
});
