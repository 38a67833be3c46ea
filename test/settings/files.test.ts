// Reading the settings files: a damaged account file is ignored whole and left as it is; a
// directory file another user owns or can write is ignored (its notify: could run commands as
// you); a bad key in a directory file is left out with its line, the others kept.
import {chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {accountFilePath, folderOfPlanRef, unsafeReason} from '../../source/settings/files.js';
import {readAccountFile, readDirectoryFile} from '../../source/settings/read.js';

const me = process.getuid?.() ?? 0;
const temp = () => mkdtempSync(join(tmpdir(), 'settings-files-'));

describe('the account file', () => {
	it('is $XDG_CONFIG_HOME/ansible-driver/config.json, else ~/.config/ansible-driver/config.json', () => {
		expect(accountFilePath({XDG_CONFIG_HOME: '/x/conf', HOME: '/home/op'})).toBe('/x/conf/ansible-driver/config.json');
		expect(accountFilePath({XDG_CONFIG_HOME: '', HOME: '/home/op'})).toBe('/home/op/.config/ansible-driver/config.json');
	});

	it('gives its settings, with ~ under HOME', () => {
		const path = join(temp(), 'config.json');
		writeFileSync(path, JSON.stringify({bell: false, stall_after: '20m', state_root: '~/runs', notify: ['/bin/hook']}));
		expect(readAccountFile(path, '/home/op')).toEqual({
			kind: 'account',
			path,
			status: 'read',
			values: {bell: false, stall_after: 1200, state_root: '/home/op/runs', notify: {command: ['/bin/hook'], on: ['failed', 'paused', 'aborted', 'done', 'stalled'], timeoutSeconds: 30}},
			warnings: [],
		});
	});

	it('damaged (bad JSON, a bad value, an unknown key) is ignored whole with a warning naming it and what is wrong, and is not changed', () => {
		const dir = temp();
		for (const [text, what] of [
			['{"bell": false,', /it is not valid JSON \(/],
			['{"bell": false, "stall_after": "soon"}', /config\.json:1:32: stall_after: must be a duration/],
			['{"bell": false, "colour": "never"}', /config\.json:1:17: colour: unknown key "colour" in a settings file: did you mean "color"\?/],
		] as const) {
			const path = join(dir, 'config.json');
			writeFileSync(path, text);
			const read = readAccountFile(path, '/h');
			expect(read.status).toBe('ignored');
			expect(read.values).toEqual({});
			expect(read.warnings).toHaveLength(1);
			expect(read.warnings[0]).toMatch(new RegExp(`^the account file ${path} is ignored: `));
			expect(read.warnings[0]).toMatch(what);
			expect(read.warnings[0]).toMatch(/Nothing in it was changed: fix it, or remove it$/);
			expect(readFileSync(path, 'utf8')).toBe(text);
		}
	});

	it('absent is no settings and no warning', () => {
		expect(readAccountFile(join(temp(), 'none.json'), '/h')).toMatchObject({status: 'absent', values: {}, warnings: []});
	});
});

describe('a directory file (ansible-driver.yml)', () => {
	const write = (text: string, mode = 0o644): string => {
		const path = join(temp(), 'ansible-driver.yml');
		writeFileSync(path, text);
		chmodSync(path, mode);
		return path;
	};

	it('is trusted when it is yours or root\'s and nobody else can write it', () => {
		expect(unsafeReason({uid: me, mode: 0o100644}, me)).toBeNull();
		expect(unsafeReason({uid: 0, mode: 0o100600}, 1000)).toBeNull();
		expect(unsafeReason({uid: 65534, mode: 0o100644}, 1000)).toBe('it is owned by uid 65534, not by you (uid 1000) nor root');
		expect(unsafeReason({uid: 1000, mode: 0o100664}, 1000)).toBe('its group can write to it (mode 0664)');
		expect(unsafeReason({uid: 1000, mode: 0o100646}, 1000)).toBe('anyone can write to it (mode 0646)');
	});

	it('owned by another user is ignored whole, with a warning naming it and why', () => {
		const path = write('bell: false\nnotify: [/bin/hook]\n');
		chownSync(path, 65534, 65534);
		const read = readDirectoryFile(path, '/h', me);
		expect(read).toMatchObject({status: 'ignored', values: {}});
		expect(read.warnings).toEqual([`the directory file ${path} is ignored: it is owned by uid 65534, not by you (uid ${me}) nor root, and its notify: could run commands as you. If you trust it, chown it`]);
	});

	it('that its group can write is ignored whole, with a warning naming it and why', () => {
		const path = write('bell: false\n', 0o664);
		const read = readDirectoryFile(path, '/h', me);
		expect(read).toMatchObject({status: 'ignored', values: {}});
		expect(read.warnings[0]).toBe(`the directory file ${path} is ignored: its group can write to it (mode 0664), and its notify: could run commands as you. If you trust it, chmod go-w it`);
	});

	it('with a bad key or value keeps its other settings and names the line of each one left out', () => {
		const path = write('bell: false\ncolour: never\nstall_after: soon\ncolor: never\n');
		const read = readDirectoryFile(path, '/h', me);
		expect(read.status).toBe('read');
		expect(read.values).toEqual({bell: false, color: 'never'});
		expect(read.warnings).toEqual([
			`${path}:2:1: colour: unknown key "colour" in a directory file: did you mean "color"? allowed keys are bell, color, notify, stall_after, state_root (this setting is ignored)`,
			`${path}:3:14: stall_after: must be a duration: seconds (e.g. 900) or like "15m", "90s", "1h30m"; got the string "soon" (this setting is ignored)`,
		]);
	});

	it('that is not YAML, or not a map, is ignored with its line', () => {
		const broken = write('bell: [false\n');
		expect(readDirectoryFile(broken, '/h', me).warnings[0]).toMatch(new RegExp(`^the directory file ${broken} is ignored: it is not valid YAML: ${broken}:\\d+:\\d+: `));
		const list = write('- bell\n');
		expect(readDirectoryFile(list, '/h', me)).toMatchObject({status: 'read', values: {}, warnings: [expect.stringMatching(/:1:1: a directory file is a map of settings/)]});
	});

	it('is looked for beside the plan file a command names, else in the current directory', () => {
		const dir = temp();
		mkdirSync(join(dir, 'plans'));
		writeFileSync(join(dir, 'plans', 'upgrade.yml'), 'name: x\n');
		expect(folderOfPlanRef('plans/upgrade.yml', dir)).toBe(join(dir, 'plans'));
		expect(folderOfPlanRef('osa', dir)).toBe(dir);
		expect(folderOfPlanRef(undefined, dir)).toBe(dir);
	});
});
