// The inventory a replay bands its hosts by, and its groups as ansible makes them. Only the
// callback plugin sends groups (host_groups at a play's start); other recordings get them from an
// inventory: the one given (replay --inventory FILE), else the one an ansible-runner recording
// names (its artifacts' `command` runs `ansible-playbook -i <private_data_dir>/inventory`).
// ansible-inventory reads it, so every format ansible reads (INI, YAML, folders, group_vars) reads
// the same here; the driver parses none of them.
import {existsSync, readFileSync} from 'node:fs';
import {basename, dirname, isAbsolute, join, relative, resolve} from 'node:path';
import {execa} from 'execa';
import {isObject, str} from '../ansible/json-values.js';
import {inventoryHostGroups} from '../matrix/bands-inventory.js';

/** The inventory a recording names: the paths found here, or those named that are not here. */
export type RecordedInventory = {paths: string[]} | {missing: string[]};

const inventoryTimeoutMs = 60_000;

/** The values of -i / --inventory / --inventory-file in an ansible command line. */
export function inventoryArgs(argv: readonly string[]): string[] {
	const out: string[] = [];
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i]!;
		if (arg === '--') break;
		const long = /^--inventory(?:-file)?(?:=(.*))?$/.exec(arg);
		if (long) {
			const value = long[1] ?? argv[++i];
			if (value !== undefined) out.push(value);
		} else if (arg === '-i') {
			const value = argv[++i];
			if (value !== undefined) out.push(value);
		} else if (/^-i./.test(arg)) out.push(arg.slice(2));
	}
	return out;
}

function readCommand(artifactDir: string): {argv: string[]; cwd: string | undefined; env: Record<string, unknown>} | null {
	try {
		const value: unknown = JSON.parse(readFileSync(join(artifactDir, 'command'), 'utf8'));
		if (!isObject(value) || !Array.isArray(value['command'])) return null;
		return {
			argv: value['command'].filter((a): a is string => typeof a === 'string'),
			cwd: str(value['cwd']),
			env: isObject(value['env']) ? value['env'] : {},
		};
	} catch {
		return null;
	}
}

/**
 * The inventory of an ansible-runner recording (job_events folders under artifacts/<ident>/), or
 * null when it names none. The command's -i (else ANSIBLE_INVENTORY in its env) is taken where it
 * is; a recording made elsewhere names paths of that machine, so a path inside the recorded
 * private_data_dir (runner runs in its project/ folder) is looked for in this one, and runner's
 * own place, <private_data_dir>/inventory, last.
 */
export function runnerInventory(jobEvents: readonly string[]): RecordedInventory | null {
	const named: string[] = [];
	const found: string[] = [];
	let privateDir: string | null = null;
	for (const events of jobEvents) {
		const artifactDir = dirname(events);
		const artifacts = dirname(artifactDir);
		const here = basename(artifacts) === 'artifacts' ? dirname(artifacts) : null;
		privateDir ??= here;
		const command = readCommand(artifactDir);
		if (!command) continue;
		const fromEnv = str(command.env['ANSIBLE_INVENTORY'])?.split(',').filter(Boolean) ?? [];
		const paths = inventoryArgs(command.argv);
		const recordedDir = command.cwd && basename(command.cwd) === 'project' ? dirname(command.cwd) : null;
		for (const path of paths.length > 0 ? paths : fromEnv) {
			const absolute = isAbsolute(path) ? path : resolve(command.cwd ?? artifactDir, path);
			named.push(absolute);
			const inside = recordedDir ? relative(recordedDir, absolute) : '..';
			const moved = here && !inside.startsWith('..') && !isAbsolute(inside) ? join(here, inside) : null;
			const local = [absolute, moved].find((p): p is string => p !== null && existsSync(p));
			if (local && !found.includes(local)) found.push(local);
		}
	}
	if (found.length > 0) return {paths: found};
	const own = privateDir ? join(privateDir, 'inventory') : null;
	if (own && existsSync(own)) return {paths: [own]};
	return named.length > 0 ? {missing: [...new Set(named)]} : null;
}

export type InventoryGroups = {ok: true; groups: Map<string, string[]>} | {ok: false; warning: string};

/**
 * The inventory's groups, from `ansible-inventory -i PATH... --list`. `trusted`: the operator
 * named it (--inventory); an inventory found in a recording is read with the static formats only
 * (ini, yaml, toml), so replaying a recording never runs a script or a cloud plugin it holds.
 */
export async function readInventoryGroups(paths: readonly string[], o: {env: Record<string, string | undefined>; cwd: string; trusted: boolean}): Promise<InventoryGroups> {
	const named = paths.join(', ');
	const env = o.trusted ? o.env : {...o.env, ANSIBLE_INVENTORY_ENABLED: 'ini,yaml,toml'};
	const result = await execa('ansible-inventory', [...paths.flatMap((p) => ['-i', p]), '--list'], {
		cwd: o.cwd,
		env,
		extendEnv: false,
		reject: false,
		stdin: 'ignore',
		timeout: inventoryTimeoutMs,
		maxBuffer: 256 * 1024 * 1024,
	});
	const noBands = `no bands from ${named}`;
	if ((result as {code?: string}).code === 'ENOENT') return {ok: false, warning: `ansible-inventory is not on PATH: ${noBands}`};
	if (result.timedOut) return {ok: false, warning: `ansible-inventory took longer than ${inventoryTimeoutMs / 1000}s: ${noBands}`};
	const said = lastWords(String(result.stderr ?? ''));
	if (result.exitCode !== 0) return {ok: false, warning: `ansible-inventory failed${said ? ` (${said})` : ''}: ${noBands}`};
	let list: unknown;
	try {
		list = JSON.parse(String(result.stdout));
	} catch {
		return {ok: false, warning: `ansible-inventory printed no JSON: ${noBands}`};
	}
	const groups = inventoryHostGroups(list);
	if (groups.size === 0) return {ok: false, warning: `ansible-inventory found no host in a group${said ? ` (${said})` : ''}: ${noBands}`};
	return {ok: true, groups};
}

/** ansible's last warning or error line, without its "[WARNING]: " mark. */
function lastWords(stderr: string): string {
	const lines = stderr
		.split('\n')
		.map((l) => l.replace(/^\s*\[(?:WARNING|ERROR)\]:\s*/, '').trim())
		.filter(Boolean);
	return lines.at(-1)?.slice(0, 200) ?? '';
}
