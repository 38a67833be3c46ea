// `split: imports`: a playbook whose top level is only import_playbook entries (OpenStack-Ansible's
// setup_hosts, setup_infrastructure, setup_openstack) becomes a unit whose steps are the playbooks
// it imports, in order, each run alone with the step's arguments and environment: each is a
// resume point of its own. What cannot be split as ansible would import it is left whole, and
// the plan says why (a warning): a whole step is never wrong, a wrong split would be.
import {existsSync, readFileSync} from 'node:fs';
import {homedir} from 'node:os';
import {dirname, isAbsolute, join, resolve} from 'node:path';
import {isMap, isScalar, isSeq, LineCounter, parseDocument} from 'yaml';
import {shellQuote} from '../ansible/command.js';
import {playbookArgument} from './handover.js';
import type {PlanSpec, StepSpec} from './spec.js';
import type {PlanProblem} from './types.js';
import {isCollectionPlaybook, playbookStem} from './validate-step.js';

const IMPORT_KEYS = new Set(['import_playbook', 'ansible.builtin.import_playbook', 'ansible.legacy.import_playbook']);
/** `{{ name | default('literal') }}`: the one template form resolved, as ansible would with the step's extra vars. */
const DEFAULTED = /^\{\{\s*([A-Za-z_]\w*)\s*\|\s*default\(\s*(?:'([^']*)'|"([^"]*)")\s*\)\s*\}\}$/;

export type Imports = {ok: true; targets: string[]} | {ok: false; why: string; notInstalled?: boolean};

/** The import_playbook targets of a playbook's text, in order; not ok when it holds anything else. */
export function importsOf(text: string): Imports {
	const lineCounter = new LineCounter();
	const doc = parseDocument(text, {lineCounter});
	if (doc.errors.length > 0) return {ok: false, why: `it is not valid YAML (${doc.errors[0]!.message.split('\n')[0]})`};
	const root = doc.contents;
	if (!isSeq(root) || root.items.length === 0) return {ok: false, why: 'it is not a list of plays'};
	const targets: string[] = [];
	for (const [n, item] of root.items.entries()) {
		const where = () => {
			const at = item?.range?.[0];
			return at === undefined ? `entry ${n + 1}` : `line ${lineCounter.linePos(at).line}`;
		};
		if (!isMap(item)) return {ok: false, why: `${where()} is not a play or an import`};
		const keys = item.items.map((pair) => (isScalar(pair.key) ? String(pair.key.value) : ''));
		const importKey = keys.find((key) => IMPORT_KEYS.has(key));
		if (importKey === undefined) return {ok: false, why: `${where()} is a play, not an import_playbook`};
		const other = keys.find((key) => key !== importKey && key !== 'name');
		// `when:`, `vars:`, `tags:` on an import change what runs: only ansible knows what they do here.
		if (other !== undefined) return {ok: false, why: `the import at ${where()} has ${other}:`};
		const value: unknown = item.get(importKey);
		if (typeof value !== 'string' || value.trim() === '') return {ok: false, why: `the import at ${where()} names no playbook`};
		targets.push(value.trim());
	}
	return {ok: true, targets};
}

/** An import's target with its template resolved by the step's extra vars, or why it cannot be. */
export function resolveTemplate(target: string, extraVars: Record<string, unknown>): {ok: true; target: string} | {ok: false; why: string} {
	if (!target.includes('{{') && !target.includes('{%')) return {ok: true, target};
	const m = DEFAULTED.exec(target);
	if (!m) return {ok: false, why: `the import ${target} is a template the driver does not evaluate (only "{{ name | default('x') }}")`};
	const given = extraVars[m[1]!];
	if (given === undefined || given === null) return {ok: true, target: m[2] ?? m[3] ?? ''};
	if (typeof given !== 'string' || given.includes('{{')) return {ok: false, why: `the import ${target}: ${m[1]} is given as ${JSON.stringify(given)}, not a playbook name`};
	return {ok: true, target: given};
}

/** The extra vars a step's arguments give (`-e k=v ...`, `-e '{json}'`, `-e @file`), relative files against cwd. */
export function extraVarsOf(args: readonly string[], cwd: string): Record<string, unknown> {
	const vars: Record<string, unknown> = {};
	for (let i = 0; i < args.length; i++) {
		const arg = args[i]!;
		let value: string | undefined;
		if (arg === '-e' || arg === '--extra-vars') value = args[++i];
		else if (arg.startsWith('--extra-vars=')) value = arg.slice('--extra-vars='.length);
		else if (arg.startsWith('-e') && arg.length > 2) value = arg.slice(2);
		if (value === undefined) continue;
		Object.assign(vars, extraVarsValue(value, cwd));
	}
	return vars;
}

function extraVarsValue(value: string, cwd: string): Record<string, unknown> {
	const asMap = (text: string): Record<string, unknown> => {
		try {
			const parsed: unknown = parseDocument(text).toJS();
			return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
		} catch {
			return {};
		}
	};
	if (value.startsWith('@')) {
		try {
			return asMap(readFileSync(resolve(cwd, value.slice(1)), 'utf8'));
		} catch {
			return {};
		}
	}
	if (/^\s*[{[]/.test(value)) return asMap(value);
	// key=value pairs, as ansible's parse_kv splits them (quotes kept simple).
	const vars: Record<string, unknown> = {};
	for (const pair of value.match(/(?:[^\s"']+|"[^"]*"|'[^']*')+/g) ?? []) {
		const at = pair.indexOf('=');
		if (at > 0) vars[pair.slice(0, at)] = pair.slice(at + 1).replace(/^(["'])(.*)\1$/, '$2');
	}
	return vars;
}

/**
 * Where ansible looks for collections: ANSIBLE_COLLECTIONS_PATH (or the older _PATHS) of the
 * step's environment, else its defaults; and the `collections` folder beside the playbook.
 */
export function collectionRoots(env: Record<string, string | undefined>, beside: string | null): string[] {
	const configured = env['ANSIBLE_COLLECTIONS_PATH'] ?? env['ANSIBLE_COLLECTIONS_PATHS'];
	const home = env['HOME'] ?? homedir();
	const roots = configured !== undefined ? configured.split(':').filter(Boolean) : [join(home, '.ansible/collections'), '/usr/share/ansible/collections'];
	return [...(beside === null ? [] : [join(beside, 'collections')]), ...roots.map((root) => root.replace(/^~(?=\/|$)/, home))];
}

/** A collection playbook's file (ns.coll.name, or ns.coll.dir.name), as ansible finds it, or null. */
export function collectionPlaybookFile(fqcn: string, roots: readonly string[]): string | null {
	const [ns, coll, ...rest] = fqcn.split('.');
	if (!ns || !coll || rest.length === 0) return null;
	for (const root of roots) {
		// A root may be the ansible_collections folder itself or hold it.
		for (const base of [join(root, 'ansible_collections'), root]) {
			for (const ext of ['.yml', '.yaml']) {
				const file = join(base, ns, coll, 'playbooks', ...rest) + ext;
				if (existsSync(file)) return file;
			}
		}
	}
	return null;
}

export interface SplitOptions {
	/** Absolute path of the plan file. */
	file: string;
	env: Record<string, string | undefined>;
	/**
	 * The collections path a wrapper program (openstack-ansible) gives ansible-playbook when the
	 * environment sets none: its rc's default. Absent: only the environment's and ansible's own.
	 */
	wrapperCollectionsPath?: (program: string, cwd: string, env: Record<string, string | undefined>) => string | null;
}

/** A step's folder and the environment ansible-playbook gets there, with the collections path a wrapper gives. */
function whereStepRuns(spec: PlanSpec, step: StepSpec, opts: SplitOptions): {cwd: string; env: Record<string, string | undefined>} {
	const folder = dirname(opts.file);
	const planCwd = spec.cwd === undefined ? folder : resolve(folder, spec.cwd);
	const cwd = step.cwd === undefined ? planCwd : resolve(folder, step.cwd);
	const env = {...opts.env, ...spec.env, ...step.env} as Record<string, string | undefined>;
	const program = spec.command?.[0];
	if (env['ANSIBLE_COLLECTIONS_PATH'] === undefined && env['ANSIBLE_COLLECTIONS_PATHS'] === undefined && program !== undefined) {
		const wrapped = opts.wrapperCollectionsPath?.(program, cwd, env);
		if (wrapped) env['ANSIBLE_COLLECTIONS_PATH'] = wrapped;
	}
	return {cwd, env};
}

/**
 * Checks before the upgrade that import a collection playbook not installed now: the upgrade's
 * own steps install it (OpenStack-Ansible's healthcheck playbooks came into its collection in
 * 2024.2, and bootstrap-ansible.sh installs the new one). Such a check cannot run before the
 * upgrade; it is kept in the plan, marked with why, and skipped when its turn comes.
 */
export function markChecksNotInstalled(spec: PlanSpec, opts: SplitOptions): {spec: PlanSpec; warnings: PlanProblem[]} {
	const warnings: PlanProblem[] = [];
	const after = spec.steps.some((step) => step.check === 'after');
	const steps = spec.steps.map((step): StepSpec => {
		if (step.check !== 'before' || step.playbook === undefined) return step;
		const {cwd, env} = whereStepRuns(spec, step, opts);
		const why = notInstalledImport(step.playbook, cwd, env);
		if (why === null) return step;
		const problem: PlanProblem = {
			file: opts.file,
			key: step.key,
			severity: 'warning',
			message: `check ${step.id} is skipped when its turn comes: ${why}; it cannot run before the upgrade installs it${after ? ' (the checks after the upgrade run with what it installs)' : ''}`,
		};
		warnings.push(step.line === undefined ? problem : {...problem, line: step.line});
		return {...step, notInstalled: why};
	});
	return {spec: {...spec, steps}, warnings};
}

/** Why a playbook cannot be loaded by what is installed now: a collection playbook it is, or imports, missing; else null. */
function notInstalledImport(playbook: string, cwd: string, env: Record<string, string | undefined>): string | null {
	const found = partsOf(playbook, cwd, env, {});
	return !found.ok && found.notInstalled ? found.why : null;
}

/** The plan with each `split: imports` step made a unit of the playbooks it imports, and why any was left whole. */
export function splitImports(spec: PlanSpec, opts: SplitOptions): {spec: PlanSpec; warnings: PlanProblem[]} {
	if (!spec.steps.some((step) => step.split === 'imports')) return {spec, warnings: []};
	const warnings: PlanProblem[] = [];
	const taken = new Set(spec.steps.map((step) => step.id));
	const steps = spec.steps.flatMap((step): StepSpec[] => {
		if (step.split !== 'imports' || step.playbook === undefined) return [step];
		const {cwd, env} = whereStepRuns(spec, step, opts);
		const parts = partsOf(step.playbook, cwd, env, extraVarsOf(step.args, cwd));
		if (!parts.ok) {
			// Not installed yet is what a plan read before bootstrap-ansible.sh finds: the run reads
			// the step again when it reaches it.
			const message = parts.notInstalled
				? `step ${step.id} is shown whole for now: ${parts.why}; the run splits it when it reaches it, after the steps before it (bootstrap-ansible.sh installs the collection)`
				: `step ${step.id} runs whole, not split into the playbooks it imports: ${parts.why}`;
			const problem: PlanProblem = {file: opts.file, key: `${step.key}.split`, severity: 'warning', message};
			warnings.push(step.line === undefined ? problem : {...problem, line: step.line});
			return [step];
		}
		const {split: _split, ...whole} = step;
		const unit = {id: step.id, name: step.name ?? playbookStem(step.playbook), role: 'main' as const};
		// The unit stands for the step's run-upgrade.sh item: one marker, written after its last part.
		const collection = isCollectionPlaybook(step.playbook);
		const marker = step.marker ?? shellQuote([playbookArgument(collection ? step.playbook : resolve(cwd, step.playbook), cwd, collection), ...step.args]);
		return parts.targets.map((target, n): StepSpec => {
			let id = `${step.id}-${slug(playbookStem(target))}`;
			while (taken.has(id)) id = `${step.id}-${n + 1}-${slug(playbookStem(target))}`;
			taken.add(id);
			return {...whole, key: `${step.key}.split[${n}]`, id, name: playbookStem(target), playbook: target, unit, marker, splitOf: step.id};
		});
	});
	return {spec: {...spec, steps}, warnings};
}

function partsOf(playbook: string, cwd: string, env: Record<string, string | undefined>, extraVars: Record<string, unknown>, depth = 0): Imports {
	const collection = isCollectionPlaybook(playbook);
	const file = collection ? collectionPlaybookFile(playbook, collectionRoots(env, null)) : resolve(cwd, playbook);
	if (file === null) return {ok: false, notInstalled: true, why: `${playbook} is not in the collections (${collectionRoots(env, null).join(', ')}; set ANSIBLE_COLLECTIONS_PATH)`};
	let text: string;
	try {
		text = readFileSync(file, 'utf8');
	} catch (error) {
		return {ok: false, why: `${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`};
	}
	const found = importsOf(text);
	if (!found.ok) return {ok: false, why: `${file}: ${found.why}`};
	const targets: string[] = [];
	for (const raw of found.targets) {
		const resolved = resolveTemplate(raw, extraVars);
		if (!resolved.ok) return {ok: false, why: `${file}: ${resolved.why}`};
		// ansible takes `ns.coll.name.yml` for the collection's playbook too (upstream writes both).
		const bare = resolved.target.replace(/\.ya?ml$/i, '');
		const target = isCollectionPlaybook(bare) ? bare : resolved.target;
		if (isCollectionPlaybook(target)) {
			if (collectionPlaybookFile(target, collectionRoots(env, dirname(file))) === null) return {ok: false, notInstalled: true, why: `${file} imports ${target}, which is not in the collections`};
			targets.push(target);
		} else {
			// A file import is relative to the importing playbook.
			const path = isAbsolute(target) ? target : resolve(dirname(file), target);
			if (!existsSync(path)) return {ok: false, why: `${file} imports ${target}, which does not exist (${path})`};
			targets.push(path);
		}
	}
	// A playbook that only imports one other (2025.1's setup-openstack.yml imports
	// openstack.osa.setup_openstack) is split as that one is, when it can be.
	if (targets.length === 1 && depth < 3) {
		const inner = partsOf(targets[0]!, dirname(file), env, extraVars, depth + 1);
		if (inner.ok) return inner;
	}
	return {ok: true, targets};
}

function slug(text: string): string {
	return text.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'part';
}
