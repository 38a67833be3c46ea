// In a real terminal (tmux): a declined start leaves the way back to the live run intact, a
// piped plain run survives Ctrl-C killing its `tee` and keeps every line in supervisor.log, and
// the viewer works with CI set to an empty value.
import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterAll, afterEach, expect, it} from 'vitest';
import {describeAnsible} from '../helpers/ansible.js';
import {cliPath, each, esc, program, runCli, sandbox, startCli, waitFor, type Sandbox} from '../helpers/cli.js';
import {describeTmux, Terminal, terminalEnv, tmuxServer} from '../helpers/tmux.js';

const q = (v: string) => `'${v.replaceAll("'", `'\\''`)}'`;

describeTmux('prompts and pipes in a real terminal', () => {
	describeAnsible('with the real ansible-playbook', () => {
		const server = tmuxServer();
		const terminals: Terminal[] = [];
		const boxes: Sandbox[] = [];
		const open = (command: string, env: Record<string, string | undefined>) => {
			const t = new Terminal(command, {env, socket: server.socket, width: 120, height: 40});
			terminals.push(t);
			return t;
		};
		afterEach(async () => {
			for (const box of boxes.splice(0)) await runCli(['stop', '--abort'], box.env);
			for (const t of terminals.splice(0)) t.kill();
		});
		afterAll(() => server.kill());

		it('declining another plan writes nothing and exits 7; plain `stop` still pauses the live run; attach with CI= shows it and says how to resume', async () => {
			const box = sandbox();
			boxes.push(box);
			const env = {...box.env, DRIVER_TEST_SLEEP: '5'};
			const planA = box.plan('  - playbook: slow.yml\n');
			const live = startCli(['run', planA, '--plain', '--yes'], env);
			await waitFor(() => box.runs('slow.t2-started.h1') > 0, 'the slow task to start');
			const root = join(box.env['XDG_STATE_HOME']!, 'ansible-driver');
			const before = {dirs: readdirSync(root).sort(), lastRun: readFileSync(join(root, 'last-run'), 'utf8')};

			const planB = join(box.dir, 'other.yml');
			writeFileSync(planB, readFileSync(planA, 'utf8').replace('name: Test plan', 'name: Other plan'));
			const t = open(`${q(process.execPath)} ${q(cliPath)} run ${q(planB)} --plain`, terminalEnv(env));
			let s = await t.waitFor('Type YES to start', 'the start prompt', 20_000);
			expect(s).toContain('Other plan: 1 step, in this order:');
			t.type('no');
			t.keys('Enter');
			s = await t.waitFor('[exit', 'the declined start to end');
			expect(s).toContain('Not started: nothing was written or run (exit 7).');
			expect(s).toContain('[exit 7]');
			expect(readdirSync(root).sort()).toEqual(before.dirs);
			expect(readFileSync(join(root, 'last-run'), 'utf8')).toBe(before.lastRun);

			// The way back to the live run: a plain `stop`, no --state-dir.
			const stop = await runCli(['stop'], env);
			expect(stop.code, stop.stderr).toBe(0);
			expect(stop.stdout).toContain('pause requested');
			const end = await live.done;
			expect(end.code, end.stdout + end.stderr).toBe(3);
			expect(each(box, 'slow.t2')).toEqual([1, 1, 1]);
			expect(each(box, 'slow.t3')).toEqual([0, 0, 0]);

			// CI set but empty is no CI: attach opens the viewer on a real terminal.
			const viewer = open(`${q(process.execPath)} ${q(cliPath)} attach`, {...terminalEnv(env), CI: ''});
			s = await viewer.waitFor(/PAUSED/, 'the viewer on the paused run', 20_000);
			await viewer.waitForRawMode();
			viewer.keys('q');
			s = await viewer.waitFor('[exit', 'the viewer to end');
			expect(s).toContain(`The run is paused. Resume it with: ${program} resume`);
			expect(s).toContain('[exit 3]');
		});

		it('a piped plain run: the prompt stays out of the pipe, Ctrl-C kills tee but not the run, and supervisor.log keeps every line', async () => {
			const box = sandbox();
			boxes.push(box);
			const env = {...box.env, DRIVER_TEST_SLEEP: '4'};
			const plan = box.plan('  - playbook: slow.yml\n  - playbook: last.yml\n');
			const out = join(box.dir, 'tee.txt');
			const t = open(`bash -c ${q(`${q(process.execPath)} ${q(cliPath)} run ${q(plan)} --plain --state-dir ${q(box.state)} | tee ${q(out)}`)}`, terminalEnv(env));
			await t.waitFor('Type YES to start', 'the start prompt on the terminal', 20_000);
			t.type('YES');
			t.keys('Enter');
			await waitFor(() => box.runs('slow.t2-started.h1') > 0, 'the slow task to start');
			t.keys('C-c'); // to the whole pipeline: tee dies, the driver pauses
			const log = join(box.state, 'supervisor.log');
			await waitFor(() => existsSync(log) && readFileSync(log, 'utf8').includes('report: '), 'the paused run to write its last line', 60_000);
			const text = readFileSync(log, 'utf8');
			expect(text).toContain('plan "Test plan": 2 steps');
			expect(text).toContain('SIGINT: pausing at the next safe point');
			expect(text).toMatch(new RegExp(`paused \\(exit 3\\)\\. Continue with: ${esc(program)} resume --state-dir `));
			const st = await runCli(['status', '--state-dir', box.state], env);
			expect(st.code).toBe(3);
			expect(each(box, 'slow.t2')).toEqual([1, 1, 1]);
			expect(each(box, 'slow.t3')).toEqual([0, 0, 0]);
			const piped = readFileSync(out, 'utf8');
			expect(piped).not.toContain('Type YES');
			expect(piped).toContain('[1/2] slow started');
		});

		it('with `tee -i` (as readme.md advises) the pause line and a second Ctrl-C (abort) reach the terminal and the file', async () => {
			const box = sandbox();
			boxes.push(box);
			const env = {...box.env, DRIVER_TEST_SLEEP: '8'};
			const plan = box.plan('  - playbook: slow.yml\n');
			const out = join(box.dir, 'tee.txt');
			const t = open(`bash -c ${q(`${q(process.execPath)} ${q(cliPath)} run ${q(plan)} --plain --yes --state-dir ${q(box.state)} 2>&1 | tee -i ${q(out)}; echo "[pipeline \${PIPESTATUS[0]}]"`)}`, terminalEnv(env));
			await waitFor(() => box.runs('slow.t2-started.h3') > 0 && box.runs('slow.t2-started.h1') > 0, 'the slow task to start');
			t.keys('C-c');
			await t.waitFor('SIGINT: pausing', 'the pause line on the terminal');
			t.keys('C-c');
			const s = await t.waitFor('[pipeline', 'the run to end', 60_000);
			expect(s).toContain('[pipeline 4]');
			const piped = readFileSync(out, 'utf8');
			expect(piped).toContain('SIGINT: pausing');
			expect(piped).toContain('SIGINT: aborting the running step');
			expect(piped).toContain('run aborted (exit 4).');
			expect(each(box, 'slow.t3')).toEqual([0, 0, 0]);
		});
	});
});
