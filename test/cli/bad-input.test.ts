// Bad input: exit 2, a message naming the file, line and fix, no stack trace, and nothing ran.
import {existsSync, mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {expect, it, describe} from 'vitest';
import {runCli, runsFixtures, sandbox} from '../helpers/cli.js';

function expectRefused(r: {code: number | null; stdout: string; stderr: string}, box: ReturnType<typeof sandbox>) {
	expect(r.code, r.stdout + r.stderr).toBe(2);
	expect(r.stderr).not.toMatch(/^\s+at /m); // no stack trace
	expect(box.markers()).toEqual([]); // no playbook ran
	expect(existsSync(join(box.state, 'state.json'))).toBe(false);
}

describe('bad input is refused before anything runs', () => {
	it('an unparsable plan names the file and line', async () => {
		const box = sandbox();
		const plan = join(box.dir, 'broken.yml');
		writeFileSync(plan, 'name: x\nsteps:\n  - playbook: first.yml\n   args: [oops\n');
		const r = await box.cli('run', plan);
		expectRefused(r, box);
		expect(r.stderr).toMatch(new RegExp(`${plan.replaceAll('/', '\\/').replaceAll('.', '\\.')}:4:\\d+`));
	});

	it('wrong types are all reported at once with lines and fixes', async () => {
		const box = sandbox();
		const plan = join(box.dir, 'types.yml');
		writeFileSync(plan, `name: x\ncwd: ${join(runsFixtures, 'playbooks')}\nsteps:\n  - playbook: first.yml\n    pause: sometimes\n  - run: scripts/x.sh --flag\n`);
		const r = await box.cli('run', plan);
		expectRefused(r, box);
		expect(r.stderr).toMatch(/types\.yml:5:\d+: steps\[0\]\.pause: must be one of task, play, step/);
		expect(r.stderr).toMatch(/types\.yml:6:\d+: steps\[1\]\.run: must be a list/);
	});

	it('a missing playbook is found by preflight', async () => {
		const box = sandbox();
		const plan = box.plan('  - playbook: first.yml\n  - playbook: no-such-playbook.yml\n');
		const r = await box.cli('run', plan);
		expectRefused(r, box);
		expect(r.stderr).toContain('no-such-playbook.yml');
		expect(r.stderr).toMatch(/plan\.yml:\d+/);
	});

	it('no ansible-playbook on PATH: exit 2 saying how to install it', async () => {
		const box = sandbox();
		const plan = box.plan('  - playbook: first.yml\n');
		box.env['PATH'] = mkdtempSync(join(tmpdir(), 'empty-path-'));
		const r = await box.cli('run', plan);
		expectRefused(r, box);
		expect(r.stderr).toMatch(/ansible-playbook.*not found/);
		expect(r.stderr).toContain('apt-get install ansible-core');
	});

	it('an unknown command or flag is a usage error', async () => {
		const box = sandbox();
		expect((await box.cli('frobnicate')).code).toBe(2);
		expect((await box.cli('status', '--no-such-flag')).code).toBe(2);
		const status = await box.cli('status');
		expect(status.code).toBe(2);
		expect(status.stderr).toContain('no run in');
	});

	it('a corrupt or foreign state file, or a run directory that is a file: exit 2 with a message, never a stack trace', async () => {
		const box = sandbox();
		const plan = box.plan('  - playbook: first.yml\n');
		mkdirSync(box.state, {recursive: true});
		writeFileSync(join(box.state, 'state.json'), '{"state": {not json');
		for (const args of [['run', plan], ['status'], ['resume']]) {
			const r = await box.cli(...args);
			expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
			expect(r.stderr).toContain('state.json');
			expect(r.stderr).not.toMatch(/^\s+at /m);
		}
		writeFileSync(join(box.state, 'state.json'), '{"state": {"version": 1}}');
		const foreign = await box.cli('status');
		expect(foreign.code).toBe(2);
		expect(foreign.stderr).toContain('holds no ansible-driver run state');
		expect(box.markers()).toEqual([]);

		const file = join(box.dir, 'not-a-dir');
		writeFileSync(file, '');
		const r = await runCli(['run', plan, '--state-dir', file], box.env);
		expect(r.code).toBe(2);
		expect(r.stderr).toMatch(/cannot use .*not-a-dir as the run directory/);
		expect(r.stderr).not.toMatch(/^\s+at /m);
	});
});
