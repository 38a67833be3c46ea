// Asking for help only prints help: on a live run, `COMMAND --help`, `COMMAND -h` and
// `help COMMAND` must not pause it, start another, print the status, or be refused (exit 5).
import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {expect, it} from 'vitest';
import {describeAnsible} from '../helpers/ansible.js';
import {each, runCli, runsFixtures, sandbox, status, waitFor} from '../helpers/cli.js';
import {commandNames} from '../../source/commands/usage.js';

describeAnsible('help touches nothing (real ansible-playbook)', () => {
	it('every command answers --help, -h and help COMMAND with its own usage while a run goes on, and the run is untouched', async () => {
		const box = sandbox();
		const plan = box.plan('  - playbook: slow.yml\n  - playbook: last.yml\n');
		const other = join(box.dir, 'other.yml');
		writeOther(other);
		const env = {...box.env, DRIVER_TEST_SLEEP: '5'};
		const run = runCliLive(box, plan, env);
		await waitFor(() => box.runs('slow.t2-started.h1') > 0, 'the slow task to start');
		const root = join(box.env['XDG_STATE_HOME']!, 'ansible-driver');
		const entries = () => readdirSync(root).filter((name) => !name.endsWith('durations.json')).sort(); // the run writes durations.json and task-durations.json
		const before = {root: entries(), lastRun: readFileSync(join(root, 'last-run'), 'utf8')};

		for (const command of commandNames) {
			const args: string[][] = [
				[command, '--help'],
				[command, '-h'],
				['help', command],
			];
			// With the arguments a real use would give: the help must win over all of them.
			if (command === 'run') args.push(['run', other, '--plain', '--yes', '--help'], ['run', plan, '-h', '--state-dir', box.state]);
			if (command === 'stop') args.push(['stop', '--abort', '--help', '--state-dir', box.state]);
			if (command === 'reset') args.push(['reset', 'slow', '--yes', '-h', '--state-dir', box.state]);
			if (command === 'replay') args.push(['replay', box.state, '--speed', '0', '--help']);
			for (const a of args) {
				const r = await runCli(a, env);
				const what = a.join(' ');
				expect(r.code, `${what}: ${r.stdout}${r.stderr}`).toBe(0);
				expect(r.stderr, what).toBe('');
				// Its own usage: the command line, what it does, an example.
				expect(r.stdout, what).toContain(`ansible-driver ${command}`);
				expect(r.stdout, what).toMatch(/Example/);
				// Not the status, nor a pause or refusal message.
				expect(r.stdout, what).not.toMatch(/pause requested|abort requested|run directory:|another ansible-driver/);
			}
		}
		for (const a of [['--help'], ['-h'], ['help']]) {
			const r = await runCli(a, env);
			expect(r.code).toBe(0);
			for (const command of commandNames) expect(r.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
		}
		// No command at all: the same usage, once, and exit 0 (it was asked for, if only by omission).
		const none = await runCli([], env);
		expect(none.code, none.stderr).toBe(0);
		expect(none.stdout.match(/Drive a long multi-playbook Ansible upgrade/g)).toHaveLength(1);
		const unknown = await runCli(['help', 'nonesuch'], env);
		expect(unknown.code).toBe(2);
		expect(unknown.stderr).toContain('ansible-driver: no command "nonesuch"');

		// The run went on to its end, unpaused and unaborted, each task once per host.
		const end = await run;
		expect(end.code, end.stdout + end.stderr).toBe(0);
		expect(each(box, 'slow.t3')).toEqual([1, 1, 1]);
		expect(each(box, 'last.t1')).toEqual([1, 1, 1]);
		expect(end.stdout).not.toMatch(/SIGINT|pausing|abort/);
		expect((await status(box)).run.status).toBe('done');
		// No other run directory, and last-run still names this run.
		expect(entries()).toEqual(before.root);
		expect(readFileSync(join(root, 'last-run'), 'utf8')).toBe(before.lastRun);
		expect(existsSync(join(box.state, 'control', 'pause'))).toBe(false);
		expect(existsSync(join(box.state, 'control', 'abort'))).toBe(false);
	});
});

function runCliLive(box: ReturnType<typeof sandbox>, plan: string, env: Record<string, string | undefined>) {
	return runCli(['run', plan, '--plain', '--yes', '--state-dir', box.state], env);
}

function writeOther(path: string): void {
	writeFileSync(path, `name: Other plan\ncwd: ${join(runsFixtures, 'playbooks')}\ninventory: ${join(runsFixtures, 'inventory.ini')}\nsteps:\n  - playbook: first.yml\n`);
}
