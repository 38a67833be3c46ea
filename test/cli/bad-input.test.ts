// Bad input: exit 2, a message naming the file, line and fix, no stack trace, and nothing ran.
import {execFileSync, spawn} from 'node:child_process';
import {chmodSync, chownSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {expect, it, describe} from 'vitest';
import {cliPath, program, runCli, runsFixtures, sandbox, startCli} from '../helpers/cli.js';

/** What a CLI run printed, killed if it has not ended in time (a hang must fail the test, not outlive it). */
async function killedAfter(ms: number, cli: ReturnType<typeof startCli>) {
	const timer = setTimeout(() => cli.child.kill('SIGKILL'), ms);
	try {
		return await cli.done;
	} finally {
		clearTimeout(timer);
	}
}

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
		// Found at the end of the file (an unclosed quote): shown on the last line with text, not after it.
		writeFileSync(plan, 'name: x\nsteps:\n  - playbook: first.yml\n  - playbook: "second.yml\n');
		const eof = await box.cli('run', plan);
		expectRefused(eof, box);
		expect(eof.stderr).toContain(`${plan}:4:`);
		expect(eof.stderr).toContain('(found at the end of the file)');
		expect(eof.stderr).toContain('  - playbook: "second.yml');
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
		// A typo: the program as invoked, the option as typed, the likely one, where to read more.
		const typo = await box.cli('status', '--jsn');
		expect(typo.code).toBe(2);
		expect(typo.stderr).toBe(`ansible-driver: unknown option --jsn (did you mean --json?). See ${program} help status\n`);
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
		// A FIFO in its place: refused at once, not waited on for a writer.
		rmSync(join(box.state, 'state.json'));
		execFileSync('mkfifo', [join(box.state, 'state.json')]);
		for (const args of [['status'], ['status', '--json'], ['resume']]) {
			const started = Date.now();
			const r = await box.cli(...args);
			expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
			expect(`${r.stdout}${r.stderr}`).toContain(`${join(box.state, 'state.json')} is not a regular file`);
			expect(Date.now() - started).toBeLessThan(5_000);
		}
		rmSync(join(box.state, 'state.json'));
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

	it('a playbook this user cannot read is refused by preflight, not run into "plugin did not load"', async () => {
		const box = sandbox();
		const playbooks = join(box.dir, 'playbooks');
		mkdirSync(playbooks);
		copyFileSync(join(runsFixtures, 'playbooks', 'first.yml'), join(playbooks, 'first.yml'));
		copyFileSync(join(runsFixtures, 'playbooks', 'last.yml'), join(playbooks, 'secret.yml'));
		chmodSync(join(playbooks, 'secret.yml'), 0o000);
		const plan = join(box.dir, 'plan.yml');
		writeFileSync(plan, `name: x\ncwd: ${playbooks}\ninventory: ${join(runsFixtures, 'inventory.ini')}\nsteps:\n  - playbook: first.yml\n  - playbook: secret.yml\n`);
		// Root reads any mode (so does its ansible-playbook): as root, run the driver as nobody.
		const asRoot = process.getuid?.() === 0;
		if (asRoot) {
			for (const dir of [box.dir, box.out, playbooks]) chownSync(dir, 65534, 65534);
			chownSync(plan, 65534, 65534);
		}
		const child = spawn(process.execPath, [cliPath, 'run', plan, '--plain', '--yes', '--state-dir', box.state], {
			env: {...box.env, HOME: box.dir} as NodeJS.ProcessEnv,
			stdio: ['ignore', 'pipe', 'pipe'],
			...(asRoot ? {uid: 65534, gid: 65534} : {}),
		});
		let stderr = '';
		child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
		child.stdout.resume();
		const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
		expectRefused({code, stdout: '', stderr}, box);
		expect(stderr).toMatch(new RegExp(`plan\\.yml:6: steps\\[1\\]\\.playbook: playbook ${join(playbooks, 'secret.yml')} cannot be read \\(permission denied; mode 0000`));
		expect(stderr).toContain(`chmod a+r ${join(playbooks, 'secret.yml')}`);
	});

	it('plan limits are refused at once, and a control character in the plan is shown escaped, never raw', async () => {
		const box = sandbox();
		const nested = join(box.dir, 'nested.yml');
		writeFileSync(nested, '['.repeat(400_000));
		const deep = await killedAfter(15_000, startCli(['run', nested, '--state-dir', box.state], box.env));
		expectRefused(deep, box);
		expect(deep.stderr).toContain(`${nested}:1:65: lists and maps are nested more than 64 deep here`);

		const plan = join(box.dir, 'control.yml');
		writeFileSync(plan, 'name: x\nsteps:\n  - playbook: first.yml\n    args: ["\x1b]0;owned\x07", "\x9b2J"]\n');
		const r = await box.cli('plan', plan);
		expectRefused(r, box);
		expect(r.stderr).toContain(`${plan}:4:13: control character \\x1b is not allowed in a plan file`);
		expect(r.stderr).toContain('args: ["\\x1b]0;owned\\x07", "\\x9b2J"]');
		expect(r.stderr).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/);
	});

	it('a named pipe as the plan or the recording to replay is exit 2 at once, not a wait forever', async () => {
		const box = sandbox();
		const fifo = join(box.dir, 'events.ndjson');
		await new Promise<void>((resolve, reject) => spawn('mkfifo', [fifo]).on('close', (c) => (c === 0 ? resolve() : reject(new Error(`mkfifo: ${c}`)))));
		for (const args of [['replay', fifo, '--plain'], ['run', fifo, '--plain']]) {
			const r = await killedAfter(15_000, startCli(args, box.env));
			expectRefused(r, box);
			expect(r.stderr, args.join(' ')).toMatch(/is a named pipe/);
		}
	});
});
