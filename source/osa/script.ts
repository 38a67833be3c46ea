// Reads an operator's OpenStack-Ansible scripts/run-upgrade.sh (the 2023.1 structure, and the
// 2025.x/2026.1 one with a source series choice) into what a plan needs. Only the forms that
// script uses are read; anything else is refused naming its line, never guessed. Pure: the
// caller passes the text and the clone's real scripts folder (${SCRIPTS_PATH}).
import type {MarkerStyle} from '../markers/run-lock.js';
import type {OsaBackup} from './backup.js';
import {WRITE_PLAN, type Invocation, type OsaItem} from './items.js';
import {MAIN_CALLS, readMain, type MainBody, type Problem} from './main-body.js';
import {lineCounter, readStatements, shown, type Statement} from './statements.js';

export type {Invocation, OsaBackup, OsaItem, Problem};

export interface OsaScript {
	/** TARGET_SERIES. */
	target: string;
	/** SUPPORTED_SOURCE_SERIES, or the one fixed SOURCE_SERIES. */
	sources: string[];
	/** `export SOURCE_SERIES="x"` rather than a choice. */
	fixedSource: boolean;
	/** X of `OSA_CONFIG_DIR="${OSA_CONFIG_DIR:-X}"`. */
	configDirDefault: string;
	/** run_lock's marker names: md5 of the item, or the playbook's name. */
	markersStyle: MarkerStyle;
	backup: OsaBackup | null;
	/** bootstrap-ansible.sh, and whether it has run_lock's bootstrap-ansible.complete marker. */
	bootstrap: {marker: boolean; line: number} | null;
	/** main has `unset ANSIBLE_INVENTORY`. */
	unsetsInventory: boolean;
	items: OsaItem[];
}

export type ParseResult = {ok: true; script: OsaScript} | {ok: false; problems: Problem[]};

interface ScriptFunction {
	line: number;
	body: Statement[];
}

const HEADER = /^(?:function\s+([A-Za-z_][\w-]*)\s*(?:\(\s*\))?|([A-Za-z_][\w-]*)\s*\(\s*\))\s*(\{)?$/;
const LITERAL = /^(["']?)([A-Za-z0-9][\w.-]*)\1$/;
const flat = (s: Statement): string => s.text.replace(/\s+/g, ' ').trim();

export function parseRunUpgrade(text: string, scriptsDir: string): ParseResult {
	const lineOf = lineCounter(text);
	const cr = text.indexOf('\r');
	if (cr !== -1) return {ok: false, problems: [{line: lineOf(cr), message: 'the script has Windows line ends (\\r), which bash would not run either; convert it with dos2unix'}]};
	const read = readStatements(text);
	if (!read.ok) return {ok: false, problems: [{line: read.line, message: read.message}]};
	const problems: Problem[] = [];
	const {top, functions} = splitFunctions(read.statements, problems);
	const vars = readTopLevel(top, problems);
	const lastLine = read.statements.at(-1)?.line ?? 1;
	if (vars.target === undefined) problems.push({line: 1, message: 'the script sets no TARGET_SERIES (e.g. export TARGET_SERIES="2026.1"), so the upgrade\'s series and its markers folder are unknown'});
	if (vars.configDirDefault === undefined) problems.push({line: 1, message: 'the script has no export OSA_CONFIG_DIR="${OSA_CONFIG_DIR:-/etc/openstack_deploy}", so its configuration folder is unknown'});
	const sources = vars.supported?.values ?? (vars.fixed ? [vars.fixed.value] : undefined);
	if (sources === undefined) problems.push({line: 1, message: 'the script sets neither SOURCE_SERIES nor SUPPORTED_SOURCE_SERIES, so the series it upgrades from is unknown'});
	if (vars.supported && vars.fixed) problems.push({line: Math.max(vars.supported.line, vars.fixed.line), message: 'the script sets both SOURCE_SERIES and SUPPORTED_SOURCE_SERIES; ansible-driver reads one of them'});
	if (vars.mainCall === undefined) problems.push({line: lastLine, message: 'the script never calls main at its end (a last line "main"), so it would run nothing'});

	const markersStyle = readRunLock(functions.get('run_lock'), problems);
	const main = functions.get('main');
	if (main === undefined) problems.push({line: vars.mainCall ?? lastLine, message: 'the script has no function main'});
	const body = readMain(main?.body ?? [], {src: text, lineOf, scriptsDir, target: vars.target ?? '', problems});
	checkCalls(body, functions, problems);
	if (vars.supported && !body.calls.has('select_source_series')) {
		problems.push({line: main?.line ?? vars.supported.line, message: 'the script lists SUPPORTED_SOURCE_SERIES but main never calls select_source_series, so SOURCE_SERIES would be unset'});
	}
	if (main !== undefined && body.items.length === 0 && !problems.some(p => /RUN_TASKS/.test(p.message))) {
		problems.push({line: main.line, message: 'main has no RUN_TASKS+=("...") items, so there is nothing to run'});
	}
	const bootstrap = readBootstrap(body, functions.get('bootstrap_ansible'), problems);

	if (problems.length > 0 || vars.target === undefined || vars.configDirDefault === undefined || sources === undefined || markersStyle === undefined) {
		return {ok: false, problems: problems.sort((a, b) => a.line - b.line)};
	}
	return {
		ok: true,
		script: {
			target: vars.target,
			sources,
			fixedSource: vars.fixed !== undefined,
			configDirDefault: vars.configDirDefault,
			markersStyle,
			backup: body.backup,
			bootstrap,
			unsetsInventory: body.unsetsInventory,
			items: body.items,
		},
	};
}

/** "line N: message", as shown to the operator. */
export function formatScriptProblem(problem: Problem): string {
	return `line ${problem.line}: ${problem.message}`;
}

function splitFunctions(statements: Statement[], problems: Problem[]): {top: Statement[]; functions: Map<string, ScriptFunction>} {
	const top: Statement[] = [];
	const functions = new Map<string, ScriptFunction>();
	for (let i = 0; i < statements.length; i++) {
		const header = HEADER.exec(statements[i]!.text);
		if (header === null) {
			top.push(statements[i]!);
			continue;
		}
		const name = header[1] ?? header[2]!;
		const line = statements[i]!.line;
		let j = i + 1;
		if (header[3] === undefined && statements[j]?.text === '{') j++;
		const body: Statement[] = [];
		while (j < statements.length && !(statements[j]!.text === '}' && statements[j]!.atColumn0)) body.push(statements[j++]!);
		if (j >= statements.length) problems.push({line, message: `function ${name} has no closing "}" at the start of a line; ansible-driver reads functions written that way`});
		if (functions.has(name)) problems.push({line, message: `function ${name} is defined twice; bash would use the last one, ansible-driver reads only one`});
		functions.set(name, {line, body});
		i = j;
	}
	return {top, functions};
}

interface TopLevel {
	target?: string;
	fixed?: {value: string; line: number};
	supported?: {values: string[]; line: number};
	configDirDefault?: string;
	mainCall?: number;
}

function readTopLevel(top: Statement[], problems: Problem[]): TopLevel {
	const out: TopLevel = {};
	const seen = new Map<string, number>();
	for (const s of top) {
		const text = flat(s);
		const problem = (message: string): void => void problems.push({line: s.line, message});
		if (out.mainCall !== undefined) {
			problem(`"${shown(text)}" comes after the call to main; ansible-driver would not run it: remove it, or ${WRITE_PLAN}`);
			continue;
		}
		if (text === 'main') {
			out.mainCall = s.line;
			continue;
		}
		if (/^set( [-+][A-Za-z]+| -o [a-z]+)+$/.test(text)) continue;
		const assignment = /^(export )?([A-Za-z_]\w*)=(.*)$/.exec(text);
		if (assignment === null) {
			problem(`"${shown(text)}" at the top of the script is not one of the statements ansible-driver reads (set, the series and path variables, functions, the call to main); the driver would not run it: remove it, or ${WRITE_PLAN}`);
			continue;
		}
		const [, exported, name, value] = assignment as unknown as [string, string | undefined, string, string];
		if (seen.has(name)) problem(`${name} is set again (first at line ${seen.get(name)}); ansible-driver reads it once`);
		seen.set(name, s.line);
		const literal = LITERAL.exec(value)?.[2];
		const known = readVariable(name, value, literal, exported !== undefined, out, s.line);
		if (known !== true) problem(known);
	}
	return out;
}

/** Records a top-level variable; true, or why it is refused. */
function readVariable(name: string, value: string, literal: string | undefined, exported: boolean, out: TopLevel, line: number): true | string {
	const cannot = `${name}=${shown(value)} is not a form ansible-driver reads`;
	switch (name) {
		case 'SCRIPTS_PATH':
			return /^"\$\(dirname "?\$\(readlink -f "?\$\{?0\}?"?\)"?\)"$/.test(value) || `${cannot}: the driver takes SCRIPTS_PATH to be this script's own folder, symlinks resolved`;
		case 'MAIN_PATH':
			return /^"\$\(dirname "?\$\{SCRIPTS_PATH\}"?\)"$/.test(value) || `${cannot}: the driver takes MAIN_PATH to be the clone, the folder above scripts/`;
		case 'TARGET_SERIES':
			if (literal === undefined) return `${cannot}: write the series as is, e.g. export TARGET_SERIES="2026.1"`;
			out.target = literal;
			return true;
		case 'SOURCE_SERIES':
			if (literal === undefined) return `${cannot}: write the series as is, e.g. export SOURCE_SERIES="2025.1"`;
			out.fixed = {value: literal, line};
			return true;
		case 'SUPPORTED_SOURCE_SERIES': {
			const values = /^\((.*)\)$/.exec(value)?.[1]?.trim().split(/\s+/).filter(v => v !== '').map(v => LITERAL.exec(v)?.[2]);
			if (exported || values === undefined || values.length === 0 || values.some(v => v === undefined)) {
				return `${cannot}: write the series as a list, e.g. SUPPORTED_SOURCE_SERIES=("2025.1" "2025.2")`;
			}
			out.supported = {values: values as string[], line};
			return true;
		}
		case 'OSA_CONFIG_DIR': {
			const fallback = /^"\$\{OSA_CONFIG_DIR:-([^$`"'\\}\s]+)\}"$/.exec(value)?.[1];
			if (fallback === undefined) return `${cannot}: ansible-driver reads export OSA_CONFIG_DIR="\${OSA_CONFIG_DIR:-/etc/openstack_deploy}"`;
			out.configDirDefault = fallback;
			return true;
		}
		default:
			return `the script sets ${name} at the top, which ansible-driver does not read: the plan would run without it; remove it, or ${WRITE_PLAN} (e.g. add it to env:)`;
	}
}

/** run_lock's marker names (md5 or name), with its marker folder, run and write checked. */
function readRunLock(fn: ScriptFunction | undefined, problems: Problem[]): MarkerStyle | undefined {
	if (fn === undefined) {
		problems.push({line: 1, message: 'the script has no function run_lock, so how it marks finished items is unknown'});
		return undefined;
	}
	const lines = fn.body.map(flat);
	const has = (pattern: RegExp): boolean => lines.some(line => pattern.test(line));
	const md5 = has(/^hashed_run_item=\(\$\(echo \$run_item \| md5sum\)\)$/);
	const name = has(/basename \$\{file_part\} \.yml\b/);
	const problem = (message: string): undefined => void problems.push({line: fn.line, message: `run_lock ${message}; ansible-driver shares markers with run-upgrade.sh only in the forms it knows`});
	if (md5 === name) return problem('names its markers neither by hashed_run_item=($(echo $run_item | md5sum)) nor by $(basename ${file_part} .yml)');
	if (!has(/^upgrade_marker="\$\{OSA_CONFIG_DIR\}\/upgrade-\$\{TARGET_SERIES\}\//)) return problem('keeps its markers elsewhere than "${OSA_CONFIG_DIR}/upgrade-${TARGET_SERIES}/"');
	// run_item is the item too: RUN_TASKS[$1], or $2 itself (2023.1).
	if (!has(/^eval "openstack-ansible \$(2|run_item|\{run_item\})"$/)) return problem('runs an item otherwise than eval "openstack-ansible $run_item"');
	const write = md5 ? /^echo "\$run_item" > "\$upgrade_marker"$/ : /^touch "?\$upgrade_marker"?$/;
	if (!has(write)) return problem(md5 ? 'writes its marker otherwise than echo "$run_item" > "$upgrade_marker"' : 'writes its marker otherwise than touch "$upgrade_marker"');
	return md5 ? 'md5' : 'name';
}

function checkCalls(body: MainBody, functions: Map<string, ScriptFunction>, problems: Problem[]): void {
	for (const name of MAIN_CALLS) {
		const line = body.calls.get(name);
		if (line !== undefined && !functions.has(name)) problems.push({line, message: `main calls ${name}, which the script does not define`});
	}
}

function readBootstrap(body: MainBody, fn: ScriptFunction | undefined, problems: Problem[]): OsaScript['bootstrap'] {
	if (body.bootstrapDirect !== undefined) return {marker: false, line: body.bootstrapDirect};
	const line = body.calls.get('bootstrap_ansible');
	if (line === undefined || fn === undefined) return null;
	const lines = fn.body.map(flat);
	if (!lines.some(l => /^"?\$\{SCRIPTS_PATH\}\/bootstrap-ansible\.sh"?$/.test(l))) {
		problems.push({line: fn.line, message: `bootstrap_ansible does not run "\${SCRIPTS_PATH}/bootstrap-ansible.sh" (alone, without arguments), which is what ansible-driver would run; ${WRITE_PLAN}`});
	}
	const marker = lines.some(l => /^touch "?\$\{OSA_CONFIG_DIR\}\/upgrade-\$\{TARGET_SERIES\}\/bootstrap-ansible\.complete"?$/.test(l));
	return {marker, line};
}
