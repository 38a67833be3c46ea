// `attach --cast FILE`: a live session recorded as it happens, in a real terminal (tmux), with
// the real ansible-playbook; the file plays with the real asciinema.
import {spawnSync} from 'node:child_process';
import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import stripAnsi from 'strip-ansi';
import {afterAll, afterEach, expect, it} from 'vitest';
import {describeAnsible} from '../helpers/ansible.js';
import {cliPath, runCli, sandbox, startCli, waitFor, type Sandbox} from '../helpers/cli.js';
import {describeTmux, Terminal, terminalEnv, tmuxServer} from '../helpers/tmux.js';

const q = (v: string) => `'${v.replaceAll("'", `'\\''`)}'`;

describeTmux('attach --cast', () => {
	describeAnsible('with the real ansible-playbook', () => {
		const server = tmuxServer();
		const terminals: Terminal[] = [];
		const boxes: Sandbox[] = [];
		afterEach(async () => {
			for (const box of boxes.splice(0)) await runCli(['stop', '--abort'], box.env);
			for (const t of terminals.splice(0)) t.kill();
		});
		afterAll(() => server.kill());

		it('records what the viewer showed of a live run, timed as it happened; refuses a file that exists or another command', async () => {
			const box = sandbox();
			boxes.push(box);
			const env = {...box.env, DRIVER_TEST_SLEEP: '3'};
			const live = startCli(['run', box.plan('  - playbook: slow.yml\n  - playbook: last.yml\n'), '--plain', '--yes'], env);
			await waitFor(() => box.runs('slow.t2-started.h1') > 0, 'the slow task to start');

			writeFileSync(join(box.dir, 'kept.cast'), 'mine');
			const over = new Terminal(`${q(process.execPath)} ${q(cliPath)} attach --cast ${q(join(box.dir, 'kept.cast'))}`, {env: terminalEnv(env), socket: server.socket, width: 100, height: 30});
			terminals.push(over);
			const refused = await over.waitFor('[exit', 'attach to refuse the file');
			expect(refused).toContain('exists: give a new file name');
			expect(refused).toContain('[exit 2]');
			expect(readFileSync(join(box.dir, 'kept.cast'), 'utf8')).toBe('mine');
			const wrong = await runCli(['status', '--cast', join(box.dir, 'x.cast')], env);
			expect(wrong.code).toBe(2);
			expect(wrong.stderr).toContain('--cast is an option of replay and attach');
			expect(existsSync(join(box.dir, 'x.cast'))).toBe(false);

			const file = join(box.dir, 'session.cast');
			const t = new Terminal(`${q(process.execPath)} ${q(cliPath)} attach --cast ${q(file)}`, {env: terminalEnv(env), socket: server.socket, width: 100, height: 30});
			terminals.push(t);
			await t.waitFor('slow task', 'the viewer on the running step', 20_000);
			await t.waitFor(/DONE/, 'the run to finish while attached', 60_000);
			t.keys('q');
			const after = await t.waitFor('[exit', 'the viewer to close');
			expect(after).toMatch(/wrote .*session\.cast: \d+ writes, [\d.]+ s\. Play it with: asciinema play /);
			expect((await live.done).code).toBe(0);

			const [head, ...rest] = readFileSync(file, 'utf8').trim().split('\n');
			expect(JSON.parse(head!)).toMatchObject({version: 2, width: 100, height: 30});
			const events = rest.map((line) => JSON.parse(line) as [number, string, string]);
			const times = events.map(([time]) => time);
			expect(times).toEqual([...times].sort((a, b) => a - b));
			// The slow step sleeps seconds per task: the cast's clock is the session's.
			expect(times.at(-1)).toBeGreaterThan(2);
			const text = stripAnsi(events.map(([, , out]) => out).join(''));
			expect(text).toContain('RUNNING');
			expect(text).toContain('DONE');

			const played = spawnSync('asciinema', ['play', '-i', '0.05', file], {encoding: 'utf8', timeout: 60_000, input: ''});
			if (played.error && !process.env['CI']) return;
			expect(played.status, played.stderr).toBe(0);
			expect(stripAnsi(played.stdout)).toContain('DONE');
		});
	});
});
