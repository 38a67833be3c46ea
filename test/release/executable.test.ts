// The single executable (npm run release) as an operator uses it on a deploy host: copied in as
// `ansible-driver`, no node on PATH, run outside the repository (test/helpers/driver.ts). It tells
// its version, unpacks its own files privately and puts them back when they are changed, and runs
// the built-in demo: paused, resumed in the terminal UI, left, attached again and paused there.
// Runs in the executable's pass of `npm test` (scripts/test-executable.sh); skipped otherwise.
import {spawnSync} from 'node:child_process';
import {chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {describeAnsible} from '../helpers/ansible.js';
import {driverEnv, testingExecutable} from '../helpers/driver.js';
import {runCli, status, waitFor} from '../helpers/cli.js';
import {bottomLine as footer, describeTmux, topLine as header, terminalSuite} from '../helpers/tmux.js';

const repo = new URL('../..', import.meta.url).pathname;
const version = (JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as {version: string}).version;
const shipped = (path: string) => readFileSync(join(repo, path), 'utf8');

describe.skipIf(!testingExecutable)('the single executable', () => {
	it('finds no node on its PATH', () => {
		const r = spawnSync('/bin/sh', ['-c', 'command -v node; command -v ansible-driver'], {env: driverEnv({...process.env}) as NodeJS.ProcessEnv, encoding: 'utf8'});
		expect(r.stdout.trim().split('\n')).toEqual([expect.stringMatching(/\/bin\/ansible-driver$/)]);
	});

	it('--version says its version, its commit, and the ansible-core on PATH', async () => {
		const r = await runCli(['--version'], {...process.env});
		expect(r.code).toBe(0);
		expect(r.stdout).toMatch(new RegExp(`^ansible-driver ${version.replaceAll('.', '\\.')} \\(commit [0-9a-f]{12}(-dirty)?, single executable\\)\\n`));
		const core = /\[core ([^\]]+)\]/.exec(spawnSync('ansible-playbook', ['--version'], {encoding: 'utf8'}).stdout)![1]!;
		expect(r.stdout).toContain(`ansible-core ${core} (`);
	});

	it('unpacks its plans and plugin into a private folder, and puts back what was changed', async () => {
		const home = mkdtempSync(join(tmpdir(), 'ansible-driver-exe-'));
		const env = {...process.env, XDG_CACHE_HOME: join(home, 'cache'), XDG_STATE_HOME: join(home, 'state')};
		const first = await runCli(['plan', 'demo'], env);
		expect(first.code).toBe(0);
		const root = join(home, 'cache', 'ansible-driver', `executable-${version}`);
		expect(first.stdout).toContain(`file: ${join(root, 'plans', 'demo', 'plan.yml')}`);
		expect(statSync(root).mode & 0o777).toBe(0o700);
		expect(readFileSync(join(root, 'plans', 'demo', 'plan.yml'), 'utf8')).toBe(shipped('plans/demo/plan.yml'));

		// Changed in the cache (by hand, by a bad disk): the executable's copy wins at the next use.
		writeFileSync(join(root, 'plans', 'demo', 'plan.yml'), 'name: not the demo\nsteps: []\n');
		chmodSync(root, 0o755);
		const again = await runCli(['plan', 'demo'], env);
		expect(again.code).toBe(0);
		expect(again.stdout).toContain('Demo upgrade');
		expect(readFileSync(join(root, 'plans', 'demo', 'plan.yml'), 'utf8')).toBe(shipped('plans/demo/plan.yml'));
		expect(statSync(root).mode & 0o777).toBe(0o700);
	});

	it('keeps settings in the account file and says where each came from', async () => {
		const home = mkdtempSync(join(tmpdir(), 'ansible-driver-exe-'));
		const env = {...process.env, XDG_CONFIG_HOME: join(home, 'config')};
		const set = await runCli(['settings', 'set', 'bell', 'false'], env);
		expect(set.code, set.stderr).toBe(0);
		const file = join(home, 'config', 'ansible-driver', 'config.json');
		expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({bell: false});
		const shown = JSON.parse((await runCli(['settings', '--json'], env)).stdout) as {settings: Record<string, {value: unknown; layer: string; source: string}>};
		expect(shown.settings['bell']).toMatchObject({value: false, layer: 'account'});
		expect(shown.settings['bell']!.source).toContain(file);
		expect(shown.settings['color']).toMatchObject({value: 'auto', layer: 'default'});
	});
});

describeTmux('the single executable runs the demo', () => {
	describeAnsible('with the real ansible-playbook', () => {
		const suite = terminalSuite();

		it.skipIf(!testingExecutable)('pauses it, resumes it in the terminal UI, leaves it running, attaches and pauses it there', async () => {
			const box = suite.box();
			// The demo's playbooks write under $TMPDIR; its plugin is unpacked under the cache.
			const env = {...box.env, TMPDIR: box.dir, XDG_CACHE_HOME: join(box.dir, 'cache')};
			const run = runCli(['run', 'demo', '--yes', '--plain', '--state-dir', box.state], env);
			await waitFor(() => {
				try {
					return JSON.parse(readFileSync(join(box.state, 'state.json'), 'utf8')).state.steps.some((s: {status: string}) => s.status === 'done');
				} catch {
					return false;
				}
			}, 'the first step of the demo to finish', 120_000);
			const stop = await runCli(['stop', '--state-dir', box.state], env);
			expect(stop.code).toBe(0);
			const ended = await run;
			expect(ended.code).toBe(3);
			expect(ended.stdout).toContain('paused');
			const paused = await status(box);
			expect(paused.run.status).toBe('paused');
			expect(paused.steps[0]).toMatchObject({id: 'lbaas-version-check', status: 'done', attempts: 1});
			// The plugin ansible loaded is the executable's, unpacked.
			expect(readFileSync(join(box.dir, 'cache', 'ansible-driver', `executable-${version}`, 'ansible', 'callback', 'ansible_driver.py'), 'utf8')).toBe(shipped('source/ansible/callback/ansible_driver.py'));

			// resume in the terminal UI; q leaves the viewer, the supervisor goes on.
			const t = suite.open(['resume', '--state-dir', box.state], {env, width: 120, height: 40});
			await t.waitFor((x) => /RUNNING/.test(header(x)), 'the resumed run', 60_000);
			await t.waitForRawMode();
			t.keys('q');
			const left = await t.waitFor('[exit', 'the viewer to end');
			expect(t.screen({joined: true})).toContain('Watch it again with: ansible-driver attach');
			expect(left).toContain('[exit 0]');
			expect((await status(box)).run).toMatchObject({status: 'running', live: true});

			// attach again, and pause from there.
			const a = suite.open(['attach', '--state-dir', box.state], {env, width: 120, height: 40});
			await a.waitFor((x) => /RUNNING/.test(header(x)), 'attach to show the run');
			await a.waitForRawMode();
			a.keys('p');
			const s = await a.waitFor((x) => /PAUSED/.test(header(x)), 'PAUSED', 120_000);
			expect(footer(s)).toMatch(/paused/);
			const after = await status(box);
			expect(after.run.status).toBe('paused');
			// Nothing ran twice: the first step once, its one attempt.
			expect(after.steps[0]).toMatchObject({status: 'done', attempts: 1});
		});
	});
});
