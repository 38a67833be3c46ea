import {execFileSync} from 'node:child_process';
import {existsSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {callbackDir, shellQuote, stepEnv, type PluginFiles} from '../../source/ansible/command.js';

// A folder with no ansible.cfg: stepEnv then starts from ansible's default callback path.
const noCfgDir = mkdtempSync(join(tmpdir(), 'driver-no-cfg-'));

const plugin: PluginFiles = {eventsFile: '/tmp/out/run/a1.ndjson', pauseFile: '/tmp/out/run/pause', pauseMode: 'play'};
const ansibleDefault = '~/.ansible/plugins/callback:/usr/share/ansible/plugins/callback';

describe('stepEnv', () => {
	it('the callback dir is the folder that holds the plugin', () => {
		expect(existsSync(join(callbackDir(), 'ansible_driver.py'))).toBe(true);
	});

	it('appends the plugin dir to an existing ANSIBLE_CALLBACK_PLUGINS, keeping the wrapper’s entries first', () => {
		const env = stepEnv({ANSIBLE_CALLBACK_PLUGINS: '/etc/openstack_deploy/plugins:/opt/ara/callback'}, {}, plugin, noCfgDir);
		expect(env['ANSIBLE_CALLBACK_PLUGINS']).toBe(`/etc/openstack_deploy/plugins:/opt/ara/callback:${callbackDir()}`);
	});

	it('when unset, uses ansible’s default callback path list plus the plugin dir', () => {
		expect(stepEnv({}, {}, plugin, noCfgDir)['ANSIBLE_CALLBACK_PLUGINS']).toBe(`${ansibleDefault}:${callbackDir()}`);
	});

	it('does not add the plugin dir twice, wherever it already is in the list', () => {
		for (const list of [callbackDir(), `${callbackDir()}:/opt/x`, `/opt/x:${callbackDir()}`]) {
			expect(stepEnv({ANSIBLE_CALLBACK_PLUGINS: list}, {}, plugin, noCfgDir)['ANSIBLE_CALLBACK_PLUGINS']).toBe(list);
		}
	});

	it('a plan env ANSIBLE_CALLBACK_PLUGINS replaces the base one and is appended to', () => {
		const env = stepEnv({ANSIBLE_CALLBACK_PLUGINS: '/base'}, {ANSIBLE_CALLBACK_PLUGINS: '/plan/plugins'}, plugin, noCfgDir);
		expect(env['ANSIBLE_CALLBACK_PLUGINS']).toBe(`/plan/plugins:${callbackDir()}`);
	});

	it('leaves ANSIBLE_CALLBACKS_ENABLED and ANSIBLE_STDOUT_CALLBACK untouched: kept when set, absent when not', () => {
		const set = stepEnv({ANSIBLE_CALLBACKS_ENABLED: 'ara_default,profile_tasks', ANSIBLE_STDOUT_CALLBACK: 'yaml'}, {}, plugin, noCfgDir);
		expect(set['ANSIBLE_CALLBACKS_ENABLED']).toBe('ara_default,profile_tasks');
		expect(set['ANSIBLE_STDOUT_CALLBACK']).toBe('yaml');
		const unset = stepEnv({PATH: '/usr/bin'}, {}, plugin, noCfgDir);
		expect(Object.keys(unset)).not.toContain('ANSIBLE_CALLBACKS_ENABLED');
		expect(Object.keys(unset)).not.toContain('ANSIBLE_STDOUT_CALLBACK');
		expect(Object.keys(unset)).not.toContain('ANSIBLE_CALLBACK_WHITELIST');
	});

	it('plan env overrides base env; base entries that are undefined are dropped; the base object is not modified', () => {
		const base = {PATH: '/usr/bin', ANSIBLE_FORKS: '5', GONE: undefined};
		const copy = {...base};
		const env = stepEnv(base, {ANSIBLE_FORKS: '20', OSA_CONFIG_DIR: '/etc/openstack_deploy'}, plugin, noCfgDir);
		expect(env).toMatchObject({PATH: '/usr/bin', ANSIBLE_FORKS: '20', OSA_CONFIG_DIR: '/etc/openstack_deploy'});
		expect(Object.keys(env)).not.toContain('GONE');
		expect(base).toEqual(copy);
	});

	it('sets the ANSIBLE_DRIVER_* vars from the plugin files, over any a plan or the operator set, and unbuffers python', () => {
		const env = stepEnv({ANSIBLE_DRIVER_EVENTS: '/stale/events'}, {ANSIBLE_DRIVER_PAUSE_FILE: '/plan/pause', ANSIBLE_DRIVER_PAUSE_MODE: 'task'}, plugin, noCfgDir);
		expect(env['ANSIBLE_DRIVER_EVENTS']).toBe('/tmp/out/run/a1.ndjson');
		expect(env['ANSIBLE_DRIVER_PAUSE_FILE']).toBe('/tmp/out/run/pause');
		expect(env['ANSIBLE_DRIVER_PAUSE_MODE']).toBe('play');
		expect(env['PYTHONUNBUFFERED']).toBe('1');
	});

	// An env var beats ansible.cfg, so a `callback_plugins` path the operator set in ansible.cfg
	// must be carried into ANSIBLE_CALLBACK_PLUGINS. Checked with the real ansible-config.
	it.skipIf(!hasAnsibleConfig())('keeps a callback_plugins path the operator set in ansible.cfg', () => {
		const dir = mkdtempSync(join(tmpdir(), 'driver-cfg-'));
		try {
			writeFileSync(join(dir, 'ansible.cfg'), `[defaults]\ncallback_plugins = ${dir}/my_plugins\n`);
			const env = stepEnv({PATH: process.env['PATH'], HOME: process.env['HOME']}, {}, plugin, dir);
			const out = execFileSync('ansible-config', ['dump', '--only-changed'], {cwd: dir, env, encoding: 'utf8'});
			const line = out.split('\n').find((l) => l.startsWith('DEFAULT_CALLBACK_PLUGIN_PATH')) ?? '';
			expect(line).toContain(callbackDir());
			expect(line).toContain(`${dir}/my_plugins`);
		} finally {
			rmSync(dir, {recursive: true, force: true});
		}
	});
});

function hasAnsibleConfig(): boolean {
	try {
		execFileSync('ansible-config', ['--version'], {stdio: 'ignore'});
		return true;
	} catch {
		return false;
	}
}

describe('shellQuote', () => {
	it('leaves plain words bare and single-quotes the rest, escaping embedded single quotes', () => {
		expect(shellQuote(['ansible-playbook', '-i', 'inventory/hosts.ini', '--limit=web01,db@x', 'a+b%c'])).toBe('ansible-playbook -i inventory/hosts.ini --limit=web01,db@x a+b%c');
		expect(shellQuote(['a b', 'x!', "it's", '', '$V', 'a\nb'])).toBe(`'a b' 'x!' 'it'\\''s' '' '$V' 'a\nb'`);
	});

	it('round-trips through sh for any argv', () => {
		const argv = ['a b', "it's", '"q"', '\\', '$(id)', '`id`', '!x', '*', '~', 'tab\tx', 'new\nline', 'é 💾', '', '-n'];
		const out = execFileSync('sh', ['-c', `printf '%s\\0' ${shellQuote(argv)}`], {encoding: 'utf8'});
		expect(out.split('\0').slice(0, -1)).toEqual(argv);
	});
});
