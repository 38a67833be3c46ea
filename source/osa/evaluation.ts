// What bash said of a run-upgrade.sh (the harness's records) as what a plan needs: the series,
// the backup, bootstrap-ansible.sh and its marker, the environment the items run in, and each
// RUN_TASKS item with the openstack-ansible runs it stands for (`A && openstack-ansible B ||
// openstack-ansible C`, as bash ran it with each call failing in turn) and the marker the
// script's own run_lock wrote for it. What the driver would not run the same way is a problem
// naming the script's line. Pure.
import {basename} from 'node:path';
import {markerFile, type MarkerStyle} from '../markers/run-lock.js';
import {envOf, type EvalRecord} from './records.js';

export interface Problem {
	line: number;
	message: string;
}

export interface Invocation {
	/** The playbook as the item names it (a collection playbook or a file path). */
	playbook: string;
	args: string[];
}

export interface OsaItem {
	/** Line of the RUN_TASKS assignment that added it. */
	line: number;
	/** The item as bash holds it: the marker's text. */
	text: string;
	/** The folder it runs in (the script's pushd, else where the script is run). */
	cwd: string;
	/** Run in order while each succeeds (`&&`). */
	main: Invocation[];
	/** Run when one of main fails (`||`); its success counts as the item's. */
	fallback?: Invocation;
}

export interface OsaScript {
	/** TARGET_SERIES. */
	target: string;
	/** SUPPORTED_SOURCE_SERIES as bash holds them (upstream's commas kept: "2024.1,"). */
	sources: string[];
	/** SOURCE_SERIES as the script holds it when it runs the items. */
	sourceSeries: string;
	/** OSA_CONFIG_DIR as the script has it. */
	configDir: string;
	/** SCRIPTS_PATH: the script's own folder, symlinks resolved. */
	scriptsDir: string;
	markersStyle: MarkerStyle;
	/** The one-time backup: the tarball's name as the script names it, and tar's argv. */
	backup: {line: number; path: string; argv: string[]; cwd: string} | null;
	/** bootstrap-ansible.sh as the script runs it, and whether it leaves bootstrap-ansible.complete. */
	bootstrap: {line: number; argv: string[]; marker: boolean; cwd: string} | null;
	/** What the script exports to its items, and what it unsets (null). */
	env: Record<string, string | null>;
	items: OsaItem[];
}

export type Evaluated =
	| {ok: true; script: OsaScript}
	/** The script would ask which series the deployment runs (set_source_series). */
	| {ok: 'choose'; target: string; sources: string[]}
	| {ok: false; problems: Problem[]};

export const WRITE_PLAN = 'save the plan with "ansible-driver plan osa --write FILE" and edit it';
const FORM = 'ansible-driver runs an item as "A && openstack-ansible B || openstack-ansible C" (any number of && parts, at most one || part, last)';
/** Variables bash keeps up to date itself: not the script's doing. */
const SHELL_OWN = new Set(['PWD', 'OLDPWD', 'SHLVL', '_']);

interface ItemTrace {
	index: number;
	line: number;
	cwd: string;
	text: string;
	env: Map<string, string>;
	calls: Map<string, Array<{cwd: string; argv: string[]}>>;
	tried: Map<string, {status: number; count: number}>;
	marker?: {name: string; content: string};
}

export interface EvaluationInput {
	records: EvalRecord[];
	/** The scratch folder the harness used (its paths are mapped back). */
	scratch: string;
	/** bash's stderr, for a script that failed. */
	stderr: string;
	/** Variables the driver added to the script's environment (SOURCE_SERIES). */
	added: string[];
}

export function readEvaluation(input: EvaluationInput): Evaluated {
	const {records, scratch} = input;
	const problems: Problem[] = [];
	let env0 = new Map<string, string>();
	let globals: string[] | undefined;
	let sources: string[] = [];
	let exit: number | undefined;
	let chooses = false;
	let backup: OsaScript['backup'] = null;
	let bootstrap: OsaScript['bootstrap'] = null;
	let bootstrapCall: {line: number; cwd: string} | undefined;
	const unset = new Set<string>();
	const lines = new Map<number, number>();
	const items: ItemTrace[] = [];
	for (const {kind, fields} of records) {
		const item = items.at(-1);
		switch (kind) {
			case 'env0':
				env0 = envOf(fields);
				break;
			case 'globals':
				globals = fields;
				break;
			case 'series':
				sources = fields;
				break;
			case 'called':
				if (fields[0] === 'set_source_series') chooses = true;
				break;
			case 'backup':
				backup = {line: Number(fields[0]), path: fields[1]!, argv: [], cwd: ''};
				break;
			case 'tar': {
				const argv = ['tar', ...fields.slice(2).map((arg) => (arg === `${scratch}/backup.tar.gz` && backup ? backup.path : arg))];
				if (backup && backup.argv.length === 0) {
					backup.argv = argv;
					backup.cwd = fields[1]!;
				}
				else problems.push({line: Number(fields[0]), message: `main runs "${argv.join(' ')}" outside the one-time backup, which ansible-driver would not run: make it a plan step (${WRITE_PLAN}) or remove it from the script`});
				break;
			}
			case 'unset':
				for (const name of fields.slice(1)) if (!name.startsWith('-')) unset.add(name);
				break;
			case 'call-bootstrap':
				bootstrapCall = {line: Number(fields[0]), cwd: fields[1]!};
				break;
			case 'external': {
				const [line, , cwd = '', ...argv] = fields;
				if (basename(argv[0] ?? '') === 'bootstrap-ansible.sh' && bootstrap === null) {
					bootstrap = {line: bootstrapCall?.line ?? Number(line), argv, marker: false, cwd: bootstrapCall?.cwd ?? cwd};
					break;
				}
				problems.push({line: Number(line), message: `main runs "${argv.join(' ')}", which ansible-driver would not run: make it a plan step (${WRITE_PLAN}) or remove it from the script`});
				break;
			}
			case 'marker': {
				const [by, name = '', content = ''] = fields;
				if (by === '__adreal_bootstrap_ansible' && bootstrap !== null) bootstrap.marker = name === 'bootstrap-ansible.complete';
				else if (by === '__adreal_run_lock' && item !== undefined) item.marker = {name, content: content.slice(0, -1)};
				break;
			}
			case 'added':
				for (let i = Number(fields[1]); i < Number(fields[2]); i++) lines.set(i, Number(fields[0]));
				break;
			case 'item': {
				const index = Number(fields[0]);
				items.push({index, line: lines.get(index) ?? Number(fields[1]), cwd: fields[2]!, text: fields[3]!, env: new Map(), calls: new Map(), tried: new Map()});
				break;
			}
			case 'env':
				if (item !== undefined) item.env = envOf(fields.slice(1));
				break;
			case 'call': {
				const [tryId = '', line = '1', cwd = '', ...argv] = fields;
				if (tryId === 'outside') {
					problems.push({line: Number(line), message: `the script runs "openstack-ansible ${argv.join(' ')}" outside RUN_TASKS (so without a marker), which ansible-driver would not run: make it a plan step (${WRITE_PLAN}) or remove it from the script`});
				} else if (item !== undefined && tryId !== 'marker') {
					const list = item.calls.get(tryId) ?? [];
					list.push({cwd, argv});
					item.calls.set(tryId, list);
				}
				break;
			}
			case 'tried': {
				const [, tryId = '', result = ''] = fields;
				const [status, count] = result.split(' ').map(Number);
				if (item !== undefined) item.tried.set(tryId, {status: status ?? 1, count: count ?? 0});
				break;
			}
			case 'exit':
				exit = Number(fields[0]);
				break;
		}
	}
	const lastError = input.stderr.split('\n').map((l) => l.trim()).filter((l) => l !== '').at(-1);
	// bash names the line of its own error: "...run-upgrade.sh: line 91: syntax error ...".
	const errorLine = Number(/line (\d+):/.exec(lastError ?? '')?.[1] ?? 0) || undefined;
	if (globals === undefined) {
		const message = `bash did not reach the script's call to main${exit !== undefined ? ` (it exited ${exit})` : ''}${lastError ? `: ${lastError}` : ''}; ansible-driver reads the items that main's run_lock is given`;
		return {ok: false, problems: [{line: errorLine ?? 1, message}]};
	}
	const [target = '', configDir = '', scriptsDir = '', , seriesSet = '', sourceSeries = ''] = globals;
	if (chooses && exit === 0 && items.length === 0) return {ok: 'choose', target, sources};
	if (exit !== 0) {
		problems.push({line: errorLine ?? items.at(-1)?.line ?? 1, message: `bash stopped the script with exit ${exit ?? 'unknown'}${lastError ? `: ${lastError}` : ''}; the script as it is would not run through`});
	}
	if (target === '') problems.push({line: 1, message: 'the script sets no TARGET_SERIES, so the upgrade\'s series and its markers folder are unknown'});
	if (seriesSet === '') problems.push({line: 1, message: 'the script runs main without SOURCE_SERIES, so the series it upgrades from is unknown'});
	if (configDir === '') problems.push({line: 1, message: 'the script sets no OSA_CONFIG_DIR, so its configuration folder is unknown'});
	if (backup !== null && backup.argv.length === 0) problems.push({line: backup.line, message: `the script names a backup (${backup.path}) but runs no tar for it; ${WRITE_PLAN}`});
	if (items.length === 0 && problems.length === 0) problems.push({line: 1, message: 'main gives run_lock no RUN_TASKS item, so there is nothing to run'});

	const invocations: OsaItem[] = [];
	let style: MarkerStyle | undefined;
	for (const trace of items) {
		const read = readItem(trace);
		if (!read.ok) {
			problems.push({line: trace.line, message: read.message});
			continue;
		}
		const marker = markerStyle(trace);
		if (marker === undefined) {
			problems.push({line: trace.line, message: `run_lock marks this item with ${trace.marker ? `a file ${trace.marker.name}` : 'no file'} in the markers folder, which is neither run-upgrade.sh's md5 marker nor its name marker; ansible-driver shares markers with run-upgrade.sh only in the forms it knows`});
			continue;
		}
		if (style !== undefined && marker !== style) problems.push({line: trace.line, message: 'run_lock marks items in two ways; ansible-driver reads one'});
		style = marker;
		invocations.push(read.item);
	}
	if (problems.length > 0 || style === undefined) return {ok: false, problems: problems.sort((a, b) => a.line - b.line)};

	const base = new Map(env0);
	for (const name of input.added) base.delete(name);
	const itemEnv = items[0]!.env;
	const env: Record<string, string | null> = {};
	for (const [name, value] of itemEnv) if (!SHELL_OWN.has(name) && base.get(name) !== value) env[name] = value;
	for (const name of [...base.keys(), ...unset]) if (!SHELL_OWN.has(name) && !itemEnv.has(name)) env[name] = null;
	return {ok: true, script: {target, sources, sourceSeries, configDir, scriptsDir, markersStyle: style, backup, bootstrap, env, items: invocations}};
}

type ItemRead = {ok: true; item: OsaItem} | {ok: false; message: string};

const same = (a: {argv: string[]} | undefined, b: {argv: string[]} | undefined): boolean => JSON.stringify(a?.argv) === JSON.stringify(b?.argv);
const shown = (run: {argv: string[]}): string => `openstack-ansible ${run.argv.join(' ')}`;

/** The item's runs from how bash ran it: all succeeding, then each call failing in turn. */
function readItem(t: ItemTrace): ItemRead {
	const fail = (why: string): ItemRead => ({ok: false, message: `RUN_TASKS item "${t.text.replace(/\s+/g, ' ').trim()}" ${why}: ${FORM}; ${WRITE_PLAN}`});
	const all = t.calls.get('') ?? [];
	const ok = t.tried.get('');
	if (all.length === 0) return fail('runs no openstack-ansible');
	if (ok?.status !== 0) return fail(`fails (exit ${ok?.status}) even when every openstack-ansible in it succeeds`);
	if (all.some((run) => run.argv.length === 0)) return fail('runs openstack-ansible without a playbook');
	let fallback: {cwd: string; argv: string[]} | undefined;
	let sawNone = false;
	for (let k = 1; k <= all.length; k++) {
		const runs = t.calls.get(String(k)) ?? [];
		const status = t.tried.get(String(k))?.status;
		for (let i = 0; i < k; i++) if (!same(runs[i], all[i])) return fail(`runs other commands when ${shown(all[k - 1]!)} fails`);
		const after = runs.slice(k);
		if (after.length === 0) {
			if (status === 0) return fail(`goes on as if it succeeded when ${shown(all[k - 1]!)} fails`);
			sawNone = true;
		} else {
			if (after.length > 1 || status !== 0) return fail(`runs more than one command when ${shown(all[k - 1]!)} fails`);
			if (fallback !== undefined && !same(fallback, after[0])) return fail('has a different fallback after different failures');
			fallback = after[0];
		}
	}
	if (fallback !== undefined && sawNone) return fail('has a fallback for some of its runs only');
	if (fallback !== undefined) {
		const both = t.calls.get('1 2') ?? [];
		if (t.tried.get('1 2')?.status === 0 || both.length !== 2 || !same(both[1], fallback)) return fail('succeeds although its fallback fails');
	}
	const invocation = (run: {argv: string[]}): Invocation => ({playbook: run.argv[0]!, args: run.argv.slice(1)});
	const item: OsaItem = {line: t.line, text: t.text, cwd: all[0]!.cwd, main: all.map(invocation)};
	if (fallback !== undefined) item.fallback = invocation(fallback);
	return {ok: true, item};
}

/** Which of run-upgrade.sh's marker forms the script's own run_lock wrote for this item. */
function markerStyle(t: ItemTrace): MarkerStyle | undefined {
	if (t.marker === undefined) return undefined;
	for (const style of ['md5', 'name'] as const) {
		const expected = markerFile(style, t.text);
		if (expected.name === t.marker.name && expected.content === t.marker.content) return style;
	}
	return undefined;
}
