// The callback plugin path ansible would use without our environment variable: from the
// ansible.cfg it would read (same search order as ansible-core), else ansible's default. Setting
// ANSIBLE_CALLBACK_PLUGINS overrides ansible.cfg, so the driver starts from this and appends.
import {readFileSync, statSync} from 'node:fs';
import {homedir} from 'node:os';
import {dirname, isAbsolute, join, resolve} from 'node:path';

type Env = Record<string, string | undefined>;

function isFile(path: string): boolean {
	try {
		return statSync(path).isFile();
	} catch {
		return false;
	}
}

const expandHome = (path: string, env: Env) => (path === '~' || path.startsWith('~/') ? join(env['HOME'] || homedir(), path.slice(1)) : path);

/** ANSIBLE_CONFIG, ./ansible.cfg (unless the folder is world-writable), ~/.ansible.cfg, /etc/ansible/ansible.cfg. */
export function findAnsibleCfg(env: Env, cwd: string): string | null {
	const candidates: string[] = [];
	const fromEnv = env['ANSIBLE_CONFIG'];
	if (fromEnv !== undefined) {
		const path = resolve(cwd, expandHome(fromEnv, env));
		let isDir = false;
		try {
			isDir = statSync(path).isDirectory();
		} catch {}
		candidates.push(isDir ? join(path, 'ansible.cfg') : path);
	}
	try {
		if ((statSync(cwd).mode & 0o002) === 0) candidates.push(join(cwd, 'ansible.cfg'));
	} catch {}
	candidates.push(join(env['HOME'] || homedir(), '.ansible.cfg'), '/etc/ansible/ansible.cfg');
	return candidates.find(isFile) ?? null;
}

/** A key of an INI section, as Python's configparser with `;` inline comments reads it. */
export function iniValue(text: string, section: string, key: string): string | undefined {
	let current = '';
	let value: string | undefined;
	for (const raw of text.split(/\r?\n/)) {
		const line = raw.trim();
		if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
		const header = /^\[(.+)\]$/.exec(line);
		if (header) {
			current = header[1]!.trim();
			continue;
		}
		if (current !== section) continue;
		const match = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(line);
		if (match && match[1]!.toLowerCase() === key) value = match[2]!.replace(/\s+;.*$/, '').trim();
	}
	return value;
}

export function configuredCallbackPath(env: Env, cwd: string): string {
	const cfg = findAnsibleCfg(env, cwd);
	if (cfg) {
		let text = '';
		try {
			text = readFileSync(cfg, 'utf8');
		} catch {}
		const value = iniValue(text, 'defaults', 'callback_plugins');
		if (value) {
			// Relative entries are relative to the config file's folder, as ansible resolves them.
			return value
				.split(':')
				.filter(Boolean)
				.map((p) => (isAbsolute(p) || p.startsWith('~') ? p : resolve(dirname(cfg), p)))
				.join(':');
		}
	}
	return `${env['ANSIBLE_HOME'] || '~/.ansible'}/plugins/callback:/usr/share/ansible/plugins/callback`;
}
