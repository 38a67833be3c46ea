// The state file as commands read it: a state that parses but is wrong is refused with a message,
// an unusable state root is found before anything is written, and a copied run directory reads its
// own attempt files. Real ansible-playbook, real processes.
import {chmodSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {RunState} from '../../source/run/types.js';
import {describeAnsible} from '../helpers/ansible.js';
import {rawState, runCli, sandbox, type Sandbox} from '../helpers/cli.js';
import {mountTmpfs, unmountAll} from '../helpers/tmpfs.js';

afterAll(unmountAll);

function noStackTrace(output: string): void {
	expect(output).not.toMatch(/^\s+at /m);
	expect(output).not.toContain('internal error');
}

const writeState = (dir: string, state: unknown) => writeFileSync(join(dir, 'state.json'), JSON.stringify({state}, undefined, '\t'));

interface ReportJson {
	steps: Array<{id: string; eventsFile: string | null; log: string | null; tasks: Array<{name: string}> | null}>;
}

async function reportOf(box: Sandbox, dir: string): Promise<ReportJson> {
	const r = await runCli(['report', '--format', 'json', '--state-dir', dir], box.env);
	expect(r.code, r.stderr).toBe(0);
	return JSON.parse(r.stdout) as ReportJson;
}

describeAnsible('the state file (real ansible-playbook)', () => {
	describe('a state that parses but is wrong: run, resume, status and report exit 2 naming the file and the problem', () => {
		let box: Sandbox;
		let plan: string;
		let good: RunState;
		beforeAll(async () => {
			box = sandbox();
			plan = box.plan('  - playbook: first.yml\n  - playbook: last.yml\n');
			expect((await box.cli('run', plan)).code).toBe(0);
			good = rawState(box);
		});
		const cases: Array<[string, (s: any) => void, RegExp]> = [
			['a null step', (s) => (s.steps = [null]), /steps\[0\]: expected an object, got null/],
			['null hosts', (s) => (s.steps[1].hosts = null), /steps\[1\]\.hosts: expected an object, got null/],
			['no plan path', (s) => delete s.plan.path, /plan\.path is missing/],
			['a count as text', (s) => (s.steps[0].attempts = 'one'), /steps\[0\]\.attempts: expected a whole number/],
			['an unknown status', (s) => (s.run.status = 'busy'), /run\.status: expected one of idle, running/],
			['steps not a list', (s) => (s.steps = {first: {}}), /steps: expected a list, got an object/],
		];
		it.each(cases)('%s', async (_what, change, problem) => {
			const state = structuredClone(good) as any;
			change(state);
			writeState(box.state, state);
			for (const args of [['run', plan], ['resume'], ['status'], ['status', '--json'], ['report']]) {
				const r = await box.cli(...args);
				expect(r.code, `${args.join(' ')}: ${r.stdout}${r.stderr}`).toBe(2);
				noStackTrace(r.stdout + r.stderr);
				expect(r.stderr).toContain(join(box.state, 'state.json'));
				expect(r.stderr, args.join(' ')).toMatch(problem);
			}
			expect(box.runs('first.t1.h1')).toBe(1); // nothing ran again
		});
	});

	it('a state root that cannot be written: run exits 2 before writing anything, naming the path and the fix', async () => {
		const box = sandbox();
		const plan = box.plan('  - playbook: first.yml\n');
		// A file where the state root's parent should be: ENOTDIR, for any user.
		const file = join(box.dir, 'state-home-file');
		writeFileSync(file, '');
		const roots: Array<{home: string; code: RegExp}> = [{home: file, code: /ENOTDIR/}];
		// Read-only: a read-only tmpfs as root (permissions do not stop root), else a mode.
		const readOnly = join(box.dir, 'state-home-ro');
		if (process.getuid?.() === 0) {
			const refused = mountTmpfs(readOnly, 64 * 1024, {readOnly: true});
			if (refused) console.warn(`[skipped] read-only state root case: cannot mount a read-only tmpfs (${refused})`);
			else roots.push({home: readOnly, code: /EROFS/});
		} else {
			mkdirSync(readOnly);
			chmodSync(readOnly, 0o555);
			roots.push({home: readOnly, code: /EACCES/});
		}
		for (const [i, {home, code}] of roots.entries()) {
			const state = join(box.dir, `run-${i}`);
			const r = await runCli(['run', plan, '--state-dir', state], {...box.env, XDG_STATE_HOME: home});
			expect(r.code, r.stdout + r.stderr).toBe(2);
			noStackTrace(r.stdout + r.stderr);
			expect(r.stderr).toContain(`cannot write to the state root ${join(home, 'ansible-driver')}`);
			expect(r.stderr).toMatch(code);
			expect(r.stderr).toMatch(/set XDG_STATE_HOME to one that is/);
			expect(existsSync(state)).toBe(false); // not even the run directory
			expect(box.runs('first.t1.h1')).toBe(0);
		}
	});

	it('attempt files are stored relative to the run directory: a copied run directory reads its own events', async () => {
		const box = sandbox();
		const plan = box.plan('  - playbook: first.yml\n');
		expect((await box.cli('run', plan)).code).toBe(0);
		const saved = rawState(box);
		expect(saved.steps[0]!.attempt!.eventsFile).toBe('steps/first/attempt-1.events.ndjson');
		expect(saved.steps[0]!.attempt!.logFile).toBe('steps/first/attempt-1.log');

		const copy = join(box.dir, 'copy');
		cpSync(box.state, copy, {recursive: true});
		// The original's events now tell another story: the copy must not read them.
		const fails = readFileSync(fileURLToPath(new URL('../../fixtures/events/fails.ndjson', import.meta.url)), 'utf8');
		writeFileSync(join(box.state, 'steps/first/attempt-1.events.ndjson'), fails);
		const mine = await reportOf(box, copy);
		expect(mine.steps[0]!.eventsFile).toBe(join(copy, 'steps/first/attempt-1.events.ndjson'));
		expect(mine.steps[0]!.log).toBe(join(copy, 'steps/first/attempt-1.log'));
		expect(mine.steps[0]!.tasks!.map((t) => t.name)).toEqual(['first task one', 'first task two']);
		expect((await reportOf(box, box.state)).steps[0]!.tasks!.map((t) => t.name)).not.toContain('first task one');
	});

	it('an older state with absolute attempt paths still reads; copied, it reads its own files when it has them; leftover temp files go at start', async () => {
		const box = sandbox();
		const plan = box.plan('  - playbook: first.yml\n');
		expect((await box.cli('run', plan)).code).toBe(0);
		const old = rawState(box) as RunState;
		const attempt = old.steps[0]!.attempt!;
		attempt.eventsFile = join(box.state, attempt.eventsFile);
		attempt.logFile = join(box.state, attempt.logFile);
		writeState(box.state, old);
		expect((await reportOf(box, box.state)).steps[0]!.tasks!.map((t) => t.name)).toEqual(['first task one', 'first task two']);

		const copy = join(box.dir, 'copy');
		cpSync(box.state, copy, {recursive: true});
		rmSync(box.state, {recursive: true});
		const fromCopy = await reportOf(box, copy);
		expect(fromCopy.steps[0]!.eventsFile).toBe(join(copy, 'steps/first/attempt-1.events.ndjson'));
		expect(fromCopy.steps[0]!.tasks!.map((t) => t.name)).toEqual(['first task one', 'first task two']);
		// Run again (all done here): the copy's state is written back relative, and a temp file left
		// by a supervisor killed mid-save is removed at the start.
		const leftover = join(copy, 'state.json.tmp-999-dead');
		writeFileSync(leftover, '{"state": {"version": 1, "pla');
		const r = await runCli(['run', plan, '--state-dir', copy], box.env);
		expect(r.code, r.stderr).toBe(0);
		expect(existsSync(leftover)).toBe(false);
		const rewritten = (JSON.parse(readFileSync(join(copy, 'state.json'), 'utf8')) as {state: RunState}).state;
		expect(rewritten.steps[0]!.attempt!.eventsFile).toBe('steps/first/attempt-1.events.ndjson');
	});
});
