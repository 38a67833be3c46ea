// The command-line contract as a script or an operator meets it: exit codes, JSON, words, and
// the commands printed for pasting. The built CLI, the real ansible-playbook.
import {spawnSync} from 'node:child_process';
import {readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {describeAnsible} from '../helpers/ansible.js';
import {each, program, runCli, runsFixtures, sandbox, savedState, status, waitFor, type Sandbox} from '../helpers/cli.js';
import {flagsFor, captureIo} from '../osa/helpers.js';
import {resetCommand} from '../../source/commands/reset.js';
import {problemCounts} from '../../source/text/words.js';

const playbooks = join(runsFixtures, 'playbooks');
const inventory = join(runsFixtures, 'inventory.ini');

/** A plan file of these lines (after name, cwd and inventory). */
function planFile(box: Sandbox, name: string, rest: string): string {
	const path = join(box.dir, name);
	writeFileSync(path, `name: ${name}\ncwd: ${playbooks}\ninventory: ${inventory}\n${rest}`);
	return path;
}

describe('plan: checks are the exit code, and --json carries them', () => {
	it('a plan that cannot run here exits 2 with its problems, in text and in --json', async () => {
		const box = sandbox();
		const plan = planFile(box, 'missing.yml', 'steps:\n  - playbook: first.yml\n  - playbook: nonesuch.yml\n');
		const text = await runCli(['plan', plan], box.env);
		expect(text.code).toBe(2);
		expect(text.stdout).toContain('missing.yml (2 steps)');
		expect(text.stderr).toContain('nonesuch.yml');
		expect(text.stderr).toContain('1 error: `run` refuses to start this plan');
		const json = await runCli(['plan', plan, '--json'], box.env);
		expect(json.code).toBe(2);
		const parsed = JSON.parse(json.stdout) as {steps: unknown[]; problems: Array<{severity: string; message: string; file: string}>};
		expect(parsed.steps).toHaveLength(2);
		expect(parsed.problems).toHaveLength(1);
		expect(parsed.problems[0]).toMatchObject({severity: 'error', file: plan});
		expect(parsed.problems[0]!.message).toContain('nonesuch.yml');

		const good = planFile(box, 'good.yml', 'steps:\n  - playbook: first.yml\n');
		const ok = await runCli(['plan', good, '--json'], box.env);
		expect(ok.code, ok.stderr).toBe(0);
		expect((JSON.parse(ok.stdout) as {problems: unknown[]}).problems).toEqual([]);
		expect((await runCli(['plan', good], box.env)).stdout).toContain('good.yml (1 step)');

		// A plan file with errors: JSON too, with where each one is.
		const broken = planFile(box, 'broken.yml', 'steps:\n  - playbook: first.yml\n    pause: sometimes\n');
		const bad = await runCli(['plan', broken, '--json'], box.env);
		expect(bad.code).toBe(2);
		const badJson = JSON.parse(bad.stdout) as {plan: null; problems: Array<{line: number | null; key: string | null}>};
		expect(badJson.plan).toBeNull();
		expect(badJson.problems[0]).toMatchObject({line: 6});
	});

	it('prints each step as a paste-ready command: quoted arguments, the env it runs with', async () => {
		const box = sandbox();
		const r = await runCli(['plan', 'demo'], box.env);
		expect(r.code, r.stderr).toBe(0);
		// Unquoted, bash's history expansion would eat "!galera_all".
		expect(r.stdout).toContain("setup-hosts.yml --limit '!galera_all'");
		expect(r.stdout).toMatch(/&& env ANSIBLE_FORKS=\d+ ANSIBLE_HOST_KEY_CHECKING=False /);
	});

	it('counts problems by kind: errors and warnings, never "problem(s)"', () => {
		expect(problemCounts([{severity: 'warning'}, {}, {severity: 'error'}, {severity: 'warning'}])).toBe('2 errors and 2 warnings');
		expect(problemCounts([{}])).toBe('1 error');
		expect(problemCounts([{severity: 'warning'}])).toBe('1 warning');
	});
});

describe('words and refusals', () => {
	it('--speed that is not a number names what was given; replay of a missing path says who speaks', async () => {
		const box = sandbox();
		const speed = await runCli(['replay', box.dir, '--speed', 'fast', '--plain'], box.env);
		expect(speed.code).toBe(2);
		expect(speed.stderr).toContain('got "fast"');
		expect(speed.stderr).not.toContain('NaN');
		const missing = await runCli(['replay', '/nonexistent', '--plain'], box.env);
		expect(missing.code).toBe(2);
		expect(missing.stderr).toBe('ansible-driver: /nonexistent: no such file or directory\n');
	});

	it('status --json with no run prints JSON (and exit 2), not text', async () => {
		const box = sandbox();
		const r = await runCli(['status', '--json'], box.env);
		expect(r.code).toBe(2);
		const parsed = JSON.parse(r.stdout) as {run: null; error: string};
		expect(parsed.run).toBeNull();
		expect(parsed.error).toContain('no run found');
	});
});

describeAnsible('exit codes and words of a real run (real ansible-playbook)', () => {
	it('status exits with how the run stands: 6 running, 3 paused, 0 done, 7 idle after reset, 1 failed', async () => {
		const box = sandbox();
		const plan = box.plan('  - playbook: slow.yml\n');
		const run = box.start('run', plan, '--plain', '--yes');
		await waitFor(() => box.runs('slow.t2-started.h1') > 0, 'the slow task to start');
		const running = await box.cli('status');
		expect(running.code, running.stdout).toBe(6);
		expect(running.stdout).toContain(`next: watch it with \`${program} attach --state-dir ${box.state}\`; pause it with`);
		expect((await box.cli('status', '--json')).code).toBe(6);
		expect((await box.cli('stop')).code).toBe(0);
		const paused = await run.done;
		expect(paused.code).toBe(3);
		expect(paused.stdout).toContain('plan "Test plan": 1 step; run directory');
		const pausedText = await box.cli('status');
		expect(pausedText.code).toBe(3);
		expect(pausedText.stdout).toContain(`next: continue it with \`${program} resume --state-dir ${box.state}\``);
		expect((await box.cli('status', '--json')).code).toBe(3);
		const done = await box.cli('resume');
		expect(done.code, done.stdout + done.stderr).toBe(0);
		expect((await box.cli('status')).code).toBe(0);
		// The same reset prompt word as run's: YES. Anything else is declined, exit 7.
		const asked: string[] = [];
		const io = {...captureIo(box.env), stdinIsTTY: true, ask: async (q: string) => (asked.push(q), 'yes')};
		expect(await resetCommand([], flagsFor(box.state), io)).toBe(7);
		expect(asked[0]).toMatch(/Type YES: $/);
		expect(io.out()).toContain('nothing was reset');
		expect((await box.cli('status')).code).toBe(0);
		const yes = {...captureIo(box.env), stdinIsTTY: true, ask: async () => 'YES'};
		expect(await resetCommand([], flagsFor(box.state), yes)).toBe(0);
		const idle = await box.cli('status');
		expect(idle.code, idle.stdout).toBe(7);
		expect(idle.stdout).toContain('idle');
		// Every step reset: the run's clock starts again with its next start.
		expect(savedState(box).run).toMatchObject({startedAt: null, activeMs: 0});

		const failing = sandbox();
		const failed = await failing.cli('run', failing.plan('  - playbook: fails.yml\n'));
		expect(failed.code).toBe(1);
		expect((await failing.cli('status')).code).toBe(1);
		expect((await failing.cli('status', '--json')).code).toBe(1);
	});

	it('after an abort, status and the report count the results the events hold', async () => {
		const box = sandbox();
		const plan = box.plan('  - playbook: slow.yml\n');
		const run = box.start('run', plan, '--plain', '--yes');
		await waitFor(() => box.runs('slow.t2-started.h3') > 0 && box.runs('slow.t2-started.h1') > 0, 'the slow task to start on every host');
		expect((await box.cli('stop', '--abort')).code).toBe(0);
		expect((await run.done).code).toBe(4);
		expect((await box.cli('status')).code).toBe(4);
		const events = readFileSync(savedState(box).steps[0]!.attempt!.eventsFile, 'utf8')
			.split('\n')
			.filter(Boolean)
			.map((line) => JSON.parse(line) as {type: string; status?: string});
		const results = events.filter((e) => e.type === 'result');
		const ok = results.filter((e) => e.status === 'ok' || e.status === 'changed').length;
		const changed = results.filter((e) => e.status === 'changed').length;
		expect(ok).toBeGreaterThanOrEqual(3); // task one finished on every host before the abort
		const step = (await status(box)).steps[0]!;
		expect(step.status).toBe('aborted');
		expect(step.hosts).toMatchObject({ok, changed});
		const report = JSON.parse((await box.cli('report', '--format', 'json')).stdout) as {steps: Array<{hosts: {ok: number; changed: number}}>};
		expect(report.steps[0]!.hosts).toMatchObject({ok, changed});
		expect((await box.cli('report')).stdout).toMatch(new RegExp(`\\| 1 \\| slow \\| aborted \\|[^\\n]*\\| ${ok} \\| ${changed} \\|`));
	});

	it('`NAME: null` in env removes the variable from the step, and the pasted command removes it too', async () => {
		const box = sandbox();
		const plan = planFile(box, 'unset-plan.yml', 'env: {DRIVER_UNSET_ME: null}\nsteps:\n  - playbook: fails.yml\n  - playbook: env-unset.yml\n');
		const env = {...box.env, DRIVER_UNSET_ME: 'left from the old series'};
		const r = await runCli(['run', plan, '--plain', '--yes', '--state-dir', box.state], env);
		expect(r.code).toBe(1);
		const handOver = readFileSync(join(box.state, 'handover.txt'), 'utf8').split('\n').filter(Boolean);
		expect(handOver[1]).toMatch(/ && env -u DRIVER_UNSET_ME ansible-playbook /);
		expect((await runCli(['plan', plan], env)).stdout).toContain('env:  -u DRIVER_UNSET_ME');
		// Pasted into the operator's shell, which still has the variable: the step passes.
		const pasted = spawnSync('bash', ['-c', handOver[1]!], {env: env as NodeJS.ProcessEnv, encoding: 'utf8'});
		expect(pasted.status, pasted.stdout + pasted.stderr).toBe(0);
		// And under the driver, with the failing step fixed away.
		const only = planFile(box, 'unset-only.yml', 'env: {DRIVER_UNSET_ME: null}\nsteps:\n  - playbook: env-unset.yml\n');
		const ran = await runCli(['run', only, '--plain', '--yes', '--state-dir', join(box.dir, 'only')], env);
		expect(ran.code, ran.stdout + ran.stderr).toBe(0);
		expect(each(box, 'env-unset')).toEqual([2, 2, 2]);
	});

	it("the hand-over commands, the log's header and `plan` carry the plan's and the step's env: pasted, they run as the driver did", async () => {
		const box = sandbox();
		const plan = planFile(
			box,
			'env-plan.yml',
			`env: {DRIVER_PLAN_VAR: plan value}\nsteps:\n  - playbook: fails.yml\n  - playbook: env-check.yml\n    env: {DRIVER_STEP_VAR: "it's a step; $$HOME"}\n`,
		);
		// Under the driver the env check passes (checked by running it as the first step).
		const first = planFile(box, 'env-first.yml', `env: {DRIVER_PLAN_VAR: plan value}\nsteps:\n  - playbook: env-check.yml\n    env: {DRIVER_STEP_VAR: "it's a step; $$HOME"}\n`);
		const direct = await runCli(['run', first, '--plain', '--yes', '--state-dir', join(box.dir, 'first-run')], box.env);
		expect(direct.code, direct.stdout + direct.stderr).toBe(0);
		expect(each(box, 'env-check')).toEqual([1, 1, 1]);

		const r = await box.cli('run', plan, '--plain', '--yes');
		expect(r.code).toBe(1);
		const handOver = readFileSync(join(box.state, 'handover.txt'), 'utf8').split('\n').filter(Boolean);
		expect(handOver).toHaveLength(2);
		expect(r.stdout).toContain(`  ${handOver[1]}\n`);
		expect((await runCli(['plan', plan], box.env)).stdout).toContain(`      ${handOver[1]}\n`);
		// Pasted into a shell that lacks the variables: the step runs as under the driver.
		const shellEnv = {...box.env};
		delete shellEnv['DRIVER_PLAN_VAR'];
		delete shellEnv['DRIVER_STEP_VAR'];
		const pasted = spawnSync('bash', ['-c', handOver[1]!], {env: shellEnv as NodeJS.ProcessEnv, encoding: 'utf8'});
		expect(pasted.status, pasted.stdout + pasted.stderr).toBe(0);
		expect(each(box, 'env-check')).toEqual([2, 2, 2]);
		// The attempt log's header too: pasted, it runs the step as the driver did.
		const log = readFileSync(join(box.dir, 'first-run', 'steps', 'env-check', 'attempt-1.log'), 'utf8');
		const header = log.split('\n')[1]!;
		expect(header).toMatch(/^# cd .* && env 'DRIVER_PLAN_VAR=plan value' 'DRIVER_STEP_VAR=it'\\''s a step; \$HOME' ansible-playbook /);
		const again = spawnSync('bash', ['-c', header.slice(2)], {env: shellEnv as NodeJS.ProcessEnv, encoding: 'utf8'});
		expect(again.status, again.stdout + again.stderr).toBe(0);
		expect(each(box, 'env-check')).toEqual([3, 3, 3]);
	});
});
