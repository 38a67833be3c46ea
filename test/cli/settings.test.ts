// Operator settings through the built CLI: `settings` (what is in effect and from where), `set`
// and `unset` (the account file, through conf), damaged and untrusted files (warned about,
// ignored, never changed), and settings that reach real runs: state_root, notify, color.
import {chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {describeAnsible} from '../helpers/ansible.js';
import {runCli, runsFixtures, sandbox} from '../helpers/cli.js';

const hook = join(runsFixtures, 'hooks', 'record.sh');
const recording = fileURLToPath(new URL('../../fixtures/events/fails.jsonl', import.meta.url));

/** The environment of an account of its own: HOME, XDG_CONFIG_HOME and XDG_STATE_HOME in a temp dir. */
function account(base: Record<string, string | undefined> = process.env) {
	const dir = mkdtempSync(join(tmpdir(), 'ansible-driver-settings-'));
	const env: Record<string, string | undefined> = {...base, HOME: join(dir, 'home'), XDG_CONFIG_HOME: join(dir, 'config'), XDG_STATE_HOME: base['XDG_STATE_HOME'] ?? join(dir, 'state')};
	for (const name of ['NO_COLOR', 'FORCE_COLOR', 'ANSIBLE_DRIVER_STATE_ROOT', 'ANSIBLE_DRIVER_COLOR']) delete env[name];
	mkdirSync(env['HOME']!, {recursive: true});
	const file = join(dir, 'config', 'ansible-driver', 'config.json');
	return {dir, env, file, json: () => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>};
}

/** Each setting's line of `settings`: key -> "value  (source)". */
function lines(stdout: string): Record<string, string> {
	const out: Record<string, string> = {};
	for (const line of stdout.split('\n')) {
		const match = /^(bell|color|notify|stall_after|state_root)\s+(.*)$/.exec(line);
		if (match) out[match[1]!] = match[2]!;
	}
	return out;
}

/** A valid plan file in `dir` (what it runs need not exist for `settings`), with extra top-level lines. */
function planIn(dir: string, top = ''): string {
	mkdirSync(dir, {recursive: true});
	const path = join(dir, 'upgrade.yml');
	writeFileSync(path, `name: Settings plan\n${top}steps:\n  - playbook: first.yml\n`);
	return path;
}

describe('settings (the built CLI)', () => {
	it('set and unset change the account file; settings prints each value in effect and where it came from', async () => {
		const {env, file, json} = account();
		const shown = await runCli(['settings'], env);
		expect(shown.code, shown.stderr).toBe(0);
		expect(lines(shown.stdout)).toEqual({
			bell: 'true  (default)',
			color: 'auto  (default)',
			notify: 'none  (default)',
			stall_after: "none: 3 times the task's longest earlier run (at least 60 s)  (default)",
			state_root: `${join(env['XDG_STATE_HOME']!, 'ansible-driver')}  (default)`,
		});
		// Reading never writes: not even conf's folder.
		expect(existsSync(join(env['XDG_CONFIG_HOME']!, 'ansible-driver'))).toBe(false);

		for (const [key, value] of [['bell', 'false'], ['stall_after', '20m'], ['notify', '{command: [mail, -s, done, ops@example.com], on: [failed, done]}'], ['state_root', '~/runs'], ['color', 'never']]) {
			const set = await runCli(['settings', 'set', key!, value!], env);
			expect(set.code, set.stderr).toBe(0);
			expect(set.stdout).toContain(`in ${file}`);
		}
		expect(json()).toEqual({bell: false, stall_after: '20m', notify: {command: ['mail', '-s', 'done', 'ops@example.com'], on: ['failed', 'done']}, state_root: '~/runs', color: 'never'});

		const from = `(account file ${file})`;
		expect(lines((await runCli(['settings'], env)).stdout)).toEqual({
			bell: `false  ${from}`,
			color: `never  ${from}`,
			notify: `mail -s done ops@example.com  on failed, done (at most 30 s each)  ${from}`,
			stall_after: `20m  ${from}`,
			state_root: `${join(env['HOME']!, 'runs')}  ${from}`,
		});
		const asJson = JSON.parse((await runCli(['settings', '--json'], env)).stdout) as {settings: Record<string, {value: unknown; layer: string; path?: string; source: string}>};
		expect(asJson.settings['stall_after']).toEqual({value: 1200, source: `account file ${file}`, layer: 'account', path: file});
		expect(asJson.settings['notify']).toMatchObject({value: {command: ['mail', '-s', 'done', 'ops@example.com'], on: ['failed', 'done'], timeout: 30}, layer: 'account', added: []});

		// Options outrank the file: --no-bell sets the bell, --notify adds its hook beside the setting's.
		const options = await runCli(['settings', '--no-bell', '--notify', '/bin/true now'], env);
		expect(lines(options.stdout)['bell']).toBe('false  (option --no-bell)');
		expect(options.stdout).toMatch(/^\s+\+ \/bin\/true now {2}on failed, paused, aborted, done, stalled \(at most 30 s each\) {2}\(option --notify, beside the setting's\)$/m);

		const unset = await runCli(['settings', 'unset', 'bell'], env);
		expect(unset.code, unset.stderr).toBe(0);
		expect(unset.stdout).toContain('bell unset in');
		expect(json()).not.toHaveProperty('bell');
		expect(lines((await runCli(['settings'], env)).stdout)['bell']).toBe('true  (default)');
		const again = await runCli(['settings', 'unset', 'bell'], env);
		expect(again.code).toBe(0);
		expect(again.stdout).toContain(`bell is not set in ${file}; nothing changed`);
	});

	it('a bad key or value is exit 2, naming the key, the value and the form it must have, and nothing is written', async () => {
		const {env, file} = account();
		const cases: Array<[string[], RegExp[]]> = [
			[['set', 'stal_after', '20m'], [/unknown setting "stal_after": did you mean "stall_after"\? allowed keys are bell, color, notify, stall_after, state_root/]],
			[['set', 'stall_after', 'soon'], [/settings set stall_after soon: stall_after must be a duration: seconds \(e\.g\. 900\) or like "15m", "90s", "1h30m"; got the string "soon"/]],
			[['set', 'color', 'sometimes'], [/color must be one of auto, always, never, got the string "sometimes"/]],
			[['set', 'bell', 'yes'], [/bell must be true or false, got the string "yes"/]],
			[['set', 'notify', 'mail -s done'], [/notify must be a list of arguments, not a string \(no shell runs it\): write notify: \["mail", "-s", "done"\]/]],
			[['set', 'notify', '{command: [mail], on: [finished]}'], [/notify\.on must list events among failed, paused, aborted, done, step_done, stalled; got "finished"/]],
			[['set', 'state_root', 'runs'], [/state_root must be a directory: an absolute path, or one starting with ~\/, got the relative path "runs"/]],
			[['unset', 'colour'], [/unknown setting "colour": did you mean "color"\?/]],
			[['set', 'bell'], [/settings set takes KEY VALUE/, /the settings are bell, color, notify, stall_after, state_root/]],
		];
		for (const [args, messages] of cases) {
			const r = await runCli(['settings', ...args], env);
			expect(r.code, args.join(' ')).toBe(2);
			for (const message of messages) expect(r.stderr, args.join(' ')).toMatch(message);
			expect(existsSync(file), args.join(' ')).toBe(false);
		}
		// Nor over a good file: it is as it was.
		expect((await runCli(['settings', 'set', 'bell', 'false'], env)).code).toBe(0);
		const before = readFileSync(file, 'utf8');
		expect((await runCli(['settings', 'set', 'bell', 'maybe'], env)).code).toBe(2);
		expect(readFileSync(file, 'utf8')).toBe(before);
	});

	it('an account file whose folder cannot be made (XDG_CONFIG_HOME=/proc/x) is exit 2 at once, not an endless mkdir', async () => {
		const {env} = account();
		const set = await runCli(['settings', 'set', 'bell', 'false'], {...env, XDG_CONFIG_HOME: '/proc/x'});
		expect(set.code).toBe(2);
		expect(set.stderr).toContain("cannot write the account file /proc/x/ansible-driver/config.json: ENOENT: no such file or directory, mkdir '/proc/x'; nothing was written.");
	}, 20_000);

	it('a damaged account file is named in a warning and ignored, never changed; set refuses to write over it', async () => {
		const {env, file} = account();
		mkdirSync(join(file, '..'), {recursive: true});
		for (const [text, what] of [
			['{"bell": false,', 'it is not valid JSON'],
			['{"bell": "no", "stall_after": "20m"}', `${file}:1:10: bell: must be true or false, got the string "no"`],
		]) {
			writeFileSync(file, text!);
			const shown = await runCli(['settings'], env);
			expect(shown.code).toBe(0);
			expect(shown.stderr).toContain(`warning: the account file ${file} is ignored: ${what}`);
			expect(lines(shown.stdout)).toMatchObject({bell: 'true  (default)', stall_after: expect.stringContaining('(default)')});
			expect(shown.stdout).toContain(`account file    ${file}: IGNORED`);
			const set = await runCli(['settings', 'set', 'bell', 'true'], env);
			expect(set.code).toBe(2);
			expect(set.stderr).toContain(`the account file ${file} cannot be changed: ${what}`);
			expect(set.stderr).toContain('Fix it, or remove it, then try again; nothing was written.');
			expect((await runCli(['settings', 'unset', 'bell'], env)).code).toBe(2);
			expect(readFileSync(file, 'utf8')).toBe(text);
		}
	});

	it("a directory file beside the plan is a layer between the account file and the plan; one another user owns or its group can write is ignored with a warning", async () => {
		const {dir, env, file} = account();
		expect((await runCli(['settings', 'set', 'stall_after', '10m'], env)).code).toBe(0);
		const folder = join(dir, 'plans');
		const plan = planIn(folder);
		const local = join(folder, 'ansible-driver.yml');
		writeFileSync(local, 'stall_after: 90\nbell: false\ncolour: never\n');
		chmodSync(local, 0o644);

		const withFile = await runCli(['settings', plan], env);
		expect(withFile.code, withFile.stderr).toBe(0);
		expect(lines(withFile.stdout)).toMatchObject({stall_after: `1m30s  (directory file ${local})`, bell: `false  (directory file ${local})`});
		// A bad key in it is left out with its line; the run would go on.
		expect(withFile.stderr).toContain(`warning: ${local}:3:1: colour: unknown key "colour" in a directory file: did you mean "color"?`);
		// The plan's own stall_after outranks it.
		const own = planIn(join(dir, 'own'), 'stall_after: 5m\n');
		writeFileSync(join(dir, 'own', 'ansible-driver.yml'), 'stall_after: 90\n');
		expect(lines((await runCli(['settings', own], env)).stdout)['stall_after']).toBe(`5m  (plan ${own})`);
		// Without PLAN: the current directory's file.
		expect(lines((await runCli(['settings'], env, folder)).stdout)['stall_after']).toBe(`1m30s  (directory file ${local})`);

		chownSync(local, 65534, 65534);
		const foreign = await runCli(['settings', plan], env);
		expect(foreign.code).toBe(0);
		expect(foreign.stderr).toContain(`warning: the directory file ${local} is ignored: it is owned by uid 65534, not by you (uid ${process.getuid!()}) nor root, and its notify: could run commands as you`);
		expect(lines(foreign.stdout)).toMatchObject({stall_after: `10m  (account file ${file})`, bell: 'true  (default)'});

		chownSync(local, process.getuid!(), process.getgid!());
		chmodSync(local, 0o664);
		const shared = await runCli(['settings', plan], env);
		expect(shared.stderr).toContain(`warning: the directory file ${local} is ignored: its group can write to it (mode 0664)`);
		expect(lines(shared.stdout)['stall_after']).toBe(`10m  (account file ${file})`);
	});

	it('color never: the viewer draws no colours; always: it does even under NO_COLOR; FORCE_COLOR=0 for one command wins over it', async () => {
		const {dir, env} = account();
		/** Whether the frames of a cast of a recorded run have colours (SGR 30-38, 90-97). */
		const coloured = async (name: string, extra: Record<string, string> = {}): Promise<boolean> => {
			const cast = join(dir, `${name}.cast`);
			const r = await runCli(['replay', recording, '--cast', cast, '--speed', '0'], {...env, ...extra});
			expect(r.code, r.stderr).toBe(0);
			const frames = readFileSync(cast, 'utf8').trim().split('\n').slice(1).map((line) => (JSON.parse(line) as [number, string, string])[2]).join('');
			expect(frames).toContain('FAILED');
			return /\u001b\[(?:\d+;)*(?:3[0-8]|9[0-7])(?:;\d+)*m/.test(frames);
		};
		expect(await coloured('auto')).toBe(true);
		expect(await coloured('no-color', {NO_COLOR: '1'})).toBe(false);
		expect((await runCli(['settings', 'set', 'color', 'never'], env)).code).toBe(0);
		expect(await coloured('never')).toBe(false);
		expect((await runCli(['settings', 'set', 'color', 'always'], env)).code).toBe(0);
		expect(await coloured('always', {NO_COLOR: '1'})).toBe(true);
		expect(await coloured('forced-off', {FORCE_COLOR: '0'})).toBe(false);
	});
});

/** The hook calls recorded by record.sh in the sandbox's out folder: event and ANSIBLE_DRIVER_* variables. */
function hookCalls(out: string): Array<{event: string; env: string}> {
	return readdirSync(out)
		.filter((name) => name.startsWith('hook.') && name.endsWith('.env'))
		.map((name) => ({event: name.split('.')[1]!, env: readFileSync(join(out, name), 'utf8')}));
}

describeAnsible('settings reach real runs (real ansible-playbook)', () => {
	it('state_root and notify from the account file: the run lives under state_root, status and report find it there, the hook is called', async () => {
		const box = sandbox();
		const {env} = account(box.env);
		const root = join(box.dir, 'runs');
		expect((await runCli(['settings', 'set', 'state_root', root], env)).code).toBe(0);
		expect((await runCli(['settings', 'set', 'notify', `{command: [${hook}], on: [done]}`], env)).code).toBe(0);
		const plan = box.plan('  - playbook: first.yml\n');

		const run = await runCli(['run', plan, '--plain', '--yes'], env);
		expect(run.code, run.stdout + run.stderr).toBe(0);
		const dirs = readdirSync(root).filter((name) => existsSync(join(root, name, 'state.json')));
		expect(dirs).toHaveLength(1);
		expect(readFileSync(join(root, 'last-run'), 'utf8').trim()).toBe(join(root, dirs[0]!));
		// Nothing under the default root.
		expect(existsSync(join(box.env['XDG_STATE_HOME']!, 'ansible-driver', 'last-run'))).toBe(false);

		const status = await runCli(['status', '--json'], env);
		expect(status.code, status.stderr).toBe(0);
		expect(JSON.parse(status.stdout)).toMatchObject({run: {status: 'done'}});
		expect((await runCli(['report'], env)).code).toBe(0);

		// The account file's hook heard the end, and the processes the driver starts see the root.
		const calls = hookCalls(box.out);
		expect(calls.map((c) => c.event)).toEqual(['done']);
		expect(calls[0]!.env).toContain(`ANSIBLE_DRIVER_STATE_ROOT=${root}\n`);
	});

	it("a plan's own notify replaces the account file's hook; a damaged account file warns and the run goes on", async () => {
		const box = sandbox();
		const {env, file} = account(box.env);
		expect((await runCli(['settings', 'set', 'notify', `[${hook}]`], env)).code).toBe(0);
		const planPath = join(box.dir, 'own.yml');
		writeFileSync(planPath, `name: Own hook\ncwd: ${join(runsFixtures, 'playbooks')}\ninventory: ${join(runsFixtures, 'inventory.ini')}\nnotify: {command: [sh, -c, 'touch "$DRIVER_TEST_OUT/plan-hook.$ANSIBLE_DRIVER_EVENT"'], on: [done]}\nsteps:\n  - playbook: first.yml\n`);
		const run = await runCli(['run', planPath, '--plain', '--yes', '--state-dir', join(box.dir, 'own-run')], env);
		expect(run.code, run.stdout + run.stderr).toBe(0);
		expect(existsSync(join(box.out, 'plan-hook.done'))).toBe(true);
		expect(hookCalls(box.out)).toEqual([]);

		writeFileSync(file, '{"notify": [');
		const damaged = await runCli(['run', box.plan('  - playbook: last.yml\n'), '--plain', '--yes', '--state-dir', join(box.dir, 'second')], env);
		expect(damaged.code, damaged.stdout + damaged.stderr).toBe(0);
		expect(damaged.stderr).toContain(`warning: the account file ${file} is ignored: it is not valid JSON`);
		// Said once, though the command line and the supervisor both read it.
		expect(damaged.stderr.split('is not valid JSON').length).toBe(2);
		expect(readFileSync(file, 'utf8')).toBe('{"notify": [');
		expect(hookCalls(box.out)).toEqual([]);
	});

	it('a run begun before state_root was set is still found, and run carries on in its directory', async () => {
		const box = sandbox();
		const {env} = account(box.env);
		const plan = box.plan('  - playbook: first.yml\n');
		const first = await runCli(['run', plan, '--plain', '--yes'], env);
		expect(first.code, first.stdout + first.stderr).toBe(0);
		const before = readFileSync(join(box.env['XDG_STATE_HOME']!, 'ansible-driver', 'last-run'), 'utf8').trim();

		const root = join(box.dir, 'new-root');
		expect((await runCli(['settings', 'set', 'state_root', root], env)).code).toBe(0);
		const status = await runCli(['status', '--json'], env);
		expect(status.code, status.stderr).toBe(0);
		expect(JSON.parse(status.stdout)).toMatchObject({run: {status: 'done'}});
		const again = await runCli(['run', plan, '--plain', '--yes'], env);
		expect(again.code, again.stderr).toBe(0);
		expect(again.stdout).toContain('already done; nothing to run');
		expect(again.stdout).toContain(before);
		const runsUnder = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((name) => existsSync(join(dir, name, 'state.json'))) : []);
		expect(runsUnder(root)).toEqual([]);
		// A new plan's run goes under the new root, and is then the latest.
		const other = join(box.dir, 'other.yml');
		writeFileSync(other, readFileSync(plan, 'utf8').replace('name: Test plan', 'name: Other plan'));
		const next = await runCli(['run', other, '--plain', '--yes'], env);
		expect(next.code, next.stdout + next.stderr).toBe(0);
		expect(runsUnder(root)).toHaveLength(1);
		expect(JSON.parse((await runCli(['status', '--json'], env)).stdout)).toMatchObject({plan: {name: 'Other plan'}});
	});
});
