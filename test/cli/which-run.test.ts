// Which run a bare command means when the account has several, and hints that work as typed: the
// one live run even when another finished later; several live runs refused and listed, each
// with the command that picks it; the program named as the operator invoked it.
import {execFileSync} from 'node:child_process';
import {mkdirSync, symlinkSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterEach, expect, it} from 'vitest';
import {describeAnsible} from '../helpers/ansible.js';
import {cliPath, program, runCli, runsFixtures, sandbox, startCli, waitFor, type Cli, type Sandbox} from '../helpers/cli.js';
import {readState} from '../../source/run/store.js';

/** A plan file of its own in the sandbox (one account, several plans). */
function planFile(box: Sandbox, name: string, steps: string): string {
	const path = join(box.dir, `${name.toLowerCase().replace(/\W+/g, '-')}.yml`);
	writeFileSync(path, `name: ${name}\ncwd: ${join(runsFixtures, 'playbooks')}\ninventory: ${join(runsFixtures, 'inventory.ini')}\nsteps:\n${steps}`);
	return path;
}

const bare = (box: Sandbox, ...args: string[]) => runCli(args, box.env);
const running: Array<{run: Cli; dir: string; env: Sandbox['env']}> = [];

// A failed test leaves no run going on: each is aborted as an operator would.
afterEach(async () => {
	for (const {run, dir, env} of running.splice(0)) {
		await runCli(['stop', '--abort', '--state-dir', dir], env);
		await run.done;
	}
});

/** Starts a plain run of a slow plan on the default run directory; resolves once its slow task runs. */
async function startSlow(box: Sandbox, name: string): Promise<string> {
	const plan = planFile(box, name, '  - playbook: slow.yml\n');
	const run = startCli(['run', plan, '--plain', '--yes'], {...box.env, DRIVER_TEST_SLEEP: '60'});
	let dir = '';
	await waitFor(() => {
		const m = /run directory (\S+)/.exec(run.output());
		if (!m) return false;
		dir = m[1]!;
		const read = readState(dir);
		return read.ok && read.state.steps[0]?.status === 'running';
	}, `${name} running`);
	running.push({run, dir, env: box.env});
	return dir;
}

describeAnsible('bare commands on an account with several runs (real ansible-playbook)', () => {
	it('one live run is the one meant, even when another finished later; two live runs are refused and listed', async () => {
		const box = sandbox();
		const upgrade = await startSlow(box, 'Upgrade');
		// Another plan, started and finished while the upgrade goes on: it is the latest run.
		const checks = await bare(box, 'run', planFile(box, 'Checks', '  - playbook: first.yml\n'), '--plain', '--yes');
		expect(checks.code, checks.stdout + checks.stderr).toBe(0);

		const status = await bare(box, 'status');
		expect(status.code, status.stdout + status.stderr).toBe(6);
		expect(status.stdout).toMatch(/^Upgrade: running/);
		// Two runs on the account: every hint names this one.
		expect(status.stdout).toContain(`next: watch it with \`${program} attach --state-dir ${upgrade}\`; pause it with \`${program} stop --state-dir ${upgrade}\``);
		const wait = await bare(box, 'status', '--wait', '--timeout', '1');
		expect(wait.code, wait.stdout).toBe(6);
		expect(wait.stdout).toContain('(still going on after 1s)');

		const other = await startSlow(box, 'Other upgrade');
		for (const [verb, ...args] of [['status'], ['status', '--wait'], ['status', '--wait', '--timeout', '5'], ['stop'], ['resume'], ['report']]) {
			const r = await bare(box, verb!, ...args);
			expect(r.code, `${verb}: ${r.stdout}${r.stderr}`).toBe(2);
			expect(r.stderr).toContain('2 runs are going on; say which one with --state-dir:');
			for (const dir of [upgrade, other]) {
				expect(r.stderr).toContain(`    run directory: ${dir}\n`);
				expect(r.stderr).toContain(`    ${program} ${[verb, ...args].join(' ')} --state-dir ${dir}\n`);
			}
			expect(r.stderr).toMatch(/ {2}Upgrade: running since \d{4}-/);
			expect(r.stderr).toMatch(/ {2}Other upgrade: running since \d{4}-/);
		}
		// Nothing was stopped by the refused stop.
		expect(readState(upgrade)).toMatchObject({ok: true, state: {run: {status: 'running'}}});
		expect(readState(other)).toMatchObject({ok: true, state: {run: {status: 'running'}}});

		// A listed command works as typed, from where the operator typed the bare one.
		const listed = (await bare(box, 'status')).stderr.split('\n').find((l) => l.includes(`status --state-dir ${other}`))!.trim();
		const typed = (() => {
			try {
				return {code: 0, out: execFileSync('bash', ['-c', listed], {env: box.env as NodeJS.ProcessEnv, encoding: 'utf8'})};
			} catch (error) {
				const e = error as {status: number; stdout: string};
				return {code: e.status, out: e.stdout};
			}
		})();
		expect(typed.code, typed.out).toBe(6);
		expect(typed.out).toMatch(/^Other upgrade: running/);

		for (const {run, dir} of running.splice(0)) {
			expect((await bare(box, 'stop', '--abort', '--state-dir', dir)).code).toBe(0);
			expect((await run.done).code).toBe(4);
		}
	});

	it('names the program as invoked: ansible-driver when that name on PATH is this program', async () => {
		const box: Sandbox = sandbox();
		const bin = join(box.dir, 'bin');
		mkdirSync(bin);
		symlinkSync(cliPath, join(bin, 'ansible-driver'));
		const withLink = {...box.env, PATH: `${bin}:${box.env['PATH']}`};
		const done = await runCli(['run', planFile(box, 'Checks', '  - playbook: first.yml\n'), '--plain', '--yes'], withLink);
		expect(done.code, done.stderr).toBe(0);
		// The one run on the account: the bare command finds it.
		const viaPath = execFileSync('bash', ['-c', 'ansible-driver reset --yes'], {env: withLink as NodeJS.ProcessEnv, encoding: 'utf8'});
		expect(viaPath).toContain('they run on the next `ansible-driver resume` (or run of the plan)');
		const bySelf = await runCli(['reset', '--yes'], box.env);
		expect(bySelf.stdout).toContain(`they run on the next \`${program} resume\``);
		// Elsewhere than the repository: the bundle by its whole path.
		const elsewhere = await runCli(['reset', '--yes'], box.env, box.dir);
		expect(elsewhere.stdout).toContain(`they run on the next \`node ${cliPath} resume\``);
	});
});
