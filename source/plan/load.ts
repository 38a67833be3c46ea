// Entry point of the plan module: find a plan file (path or built-in name), parse it,
// validate it and build the Plan. Bad input gives problems, never an exception.
import {statSync, type Stats} from 'node:fs';
import {resolve} from 'node:path';
import {LineCounter, parseDocument} from 'yaml';
import {sharedDerivedMarkers} from '../markers/step.js';
import {markChecksNotInstalled, splitImports, type SplitOptions} from './split-imports.js';
import {buildPlan} from './build.js';
import {builtinPlanPath, listBuiltinPlans} from './builtin.js';
import {builtinPlansDir} from '../package/files.js';
import {MAX_PLAN_BYTES} from './limits.js';
import {controlCharacterProblem, decodePlan, positionAt, readPlanBytes, sizeProblem} from './plan-text.js';
import type {ReadContext} from './read-node.js';
import {scanShape} from './shape-scan.js';
import type {Plan, PlanProblem, PlanResult} from './types.js';
import {validatePlan} from './validate.js';

/** How `split: imports` steps are opened (split-imports.ts). */
export interface SplitChoice {
	/** --no-split: steps with `split: imports` run whole. */
	noSplit?: boolean;
	/** For `split: imports` through a wrapper: the collections path it gives. */
	wrapperCollectionsPath?: SplitOptions['wrapperCollectionsPath'];
	/** --no-checks: the plan's `checks:` are skipped (kept in the plan, each saying so). */
	noChecks?: boolean;
}

export interface LoadOptions extends SplitChoice {
	env: Record<string, string | undefined>;
	/** Directory a relative plan path is resolved against. */
	cwd: string;
	/** Where built-in plans live; default: the package's plans/ folder. */
	builtinDir?: string;
}

function statOf(path: string): Stats | undefined {
	try {
		return statSync(path);
	} catch {
		return undefined;
	}
}

type Located = {ok: true; file: string; builtin?: string} | {ok: false; problem: PlanProblem};

/** A path to an existing file wins over a built-in plan of the same name. */
export function locatePlan(ref: string, opts: LoadOptions): Located {
	const dir = opts.builtinDir ?? builtinPlansDir();
	const file = resolve(opts.cwd, ref);
	const stats = ref === '' ? undefined : statOf(file);
	if (stats?.isFile()) return {ok: true, file};
	const builtin = builtinPlanPath(ref, dir);
	if (builtin !== undefined) return {ok: true, file: builtin, builtin: ref};
	// A named pipe or a device would block or never end: only regular files are read.
	if (stats !== undefined && !stats.isDirectory()) {
		const what = stats.isFIFO() ? 'a named pipe' : 'not a regular file';
		return {ok: false, problem: {file, message: `the plan is ${what}: give the path of a plan file (.yml, .yaml or .json) or a built-in plan's name`}};
	}
	const names = listBuiltinPlans(dir).map(plan => plan.name);
	const known = names.length === 0 ? 'there are no built-in plans' : `built-in plans: ${names.join(', ')}`;
	return {ok: false, problem: {file: ref, message: `no plan file or built-in plan named ${ref}; ${known}`}};
}

export interface ParseOptions extends SplitChoice {
	/** Absolute path of the plan file: problems name it, relative paths resolve against its folder. */
	file: string;
	env: Record<string, string | undefined>;
	builtin?: string;
}

// `[${VAR}]` is not valid YAML: "{" opens a flow map. The fix is to quote the value.
const FLOW_WITH_VARIABLE = /[[{,][^"']*\$\{/;
const QUOTE_HINT = 'inside [ ] or { }, quote a value that holds ${...}, e.g. run: ["${TOOL}", x]';

/** Problems sorted by line then column (those without a position first); stable otherwise. */
function inFileOrder(problems: PlanProblem[]): PlanProblem[] {
	return problems
		.map((problem, index) => ({problem, index}))
		.sort((a, b) => (a.problem.line ?? 0) - (b.problem.line ?? 0) || (a.problem.column ?? 0) - (b.problem.column ?? 0) || a.index - b.index)
		.map(({problem}) => problem);
}

/** Limits and characters, checked before yaml builds anything (see limits.ts). */
function textProblem(text: string, file: string): PlanProblem | undefined {
	const bytes = Buffer.byteLength(text);
	if (bytes > MAX_PLAN_BYTES) return sizeProblem(file, bytes);
	const control = controlCharacterProblem(text, file);
	if (control !== undefined) return control;
	const shape = scanShape(text);
	if (shape === undefined) return undefined;
	const problem: PlanProblem = {file, ...positionAt(text, shape.offset), message: shape.message};
	if (shape.key !== undefined) problem.key = shape.key;
	return problem;
}

/** Parse, validate and build a plan from its text. */
export function parsePlan(text: string, opts: ParseOptions): PlanResult {
	const early = textProblem(text, opts.file);
	if (early !== undefined) return {ok: false, problems: [early]};
	const lineCounter = new LineCounter();
	const doc = parseDocument(text, {lineCounter, prettyErrors: true});
	if (doc.errors.length > 0) {
		const lines = text.split(/\r?\n/);
		const problems = doc.errors.map((error): PlanProblem => {
			const summary =
				error.code === 'MULTIPLE_DOCS'
					? 'a plan file holds one YAML document: remove the --- line and what follows, or merge it into the plan'
					: (error.message.split('\n')[0] ?? error.message).replace(/ at line \d+, column \d+:?$/, '');
			const problem: PlanProblem = {file: opts.file, message: `YAML: ${summary}`};
			const position = error.linePos?.[0];
			if (position) {
				problem.line = position.line;
				problem.column = position.col;
				// An error found at the end of the file (an unclosed quote or bracket) is shown on
				// the last line that has text, not on the empty line after it.
				let last = lines.length - 1;
				while (last >= 0 && lines[last]!.trim() === '') last--;
				if (last >= 0 && position.line > last + 1) {
					problem.line = last + 1;
					problem.column = lines[last]!.length + 1;
					problem.message += ' (found at the end of the file)';
				}
				if (FLOW_WITH_VARIABLE.test(lines[position.line - 1] ?? '')) problem.message += `; ${QUOTE_HINT}`;
			}

			return problem;
		});
		return {ok: false, problems};
	}

	const ctx: ReadContext = {file: opts.file, doc, lineCounter, env: opts.env, problems: [], warnings: []};
	const spec = validatePlan(ctx, doc.contents);
	if (spec === undefined || ctx.problems.length > 0) return {ok: false, problems: inFileOrder(ctx.problems)};
	const splitOptions: SplitOptions = {file: opts.file, env: opts.env, ...(opts.wrapperCollectionsPath ? {wrapperCollectionsPath: opts.wrapperCollectionsPath} : {})};
	// --no-checks keeps the checks in the plan (and the run's record of them): they are skipped.
	const checked = opts.noChecks ? {spec, warnings: []} : markChecksNotInstalled(spec, splitOptions);
	const split = opts.noSplit ? {spec: {...checked.spec, steps: checked.spec.steps.map(({split: _split, ...step}) => step)}, warnings: []} : splitImports(checked.spec, splitOptions);
	const plan = buildPlan(split.spec, opts.file, opts.builtin);
	if (opts.noSplit && spec.steps.some((step) => step.split === 'imports')) plan.noSplit = true;
	if (opts.noChecks && spec.steps.some((step) => step.check !== undefined)) plan.noChecks = true;
	return {ok: true, plan, warnings: inFileOrder([...ctx.warnings, ...checked.warnings, ...split.warnings, ...markerWarnings(plan)])};
}

/** Steps whose derived run-upgrade.sh markers are one file: one finishing would count for all. */
function markerWarnings(plan: Plan): PlanProblem[] {
	return sharedDerivedMarkers(plan.steps).map(({path, ids}) => {
		const step = plan.steps.find(s => s.id === ids[1]);
		const problem: PlanProblem = {
			file: plan.path,
			key: 'markers',
			severity: 'warning',
			message: `steps ${ids.join(', ')} share the marker ${path} (markers_style: name ignores arguments): when it exists all of them count as done, and only the last one writes it; give each a marker: to tell them apart`,
		};
		if (step?.line !== undefined) problem.line = step.line;
		return problem;
	});
}

/** Load a plan from a file path (relative to opts.cwd) or the name of a built-in plan. */
export function loadPlan(ref: string, opts: LoadOptions): PlanResult {
	const located = locatePlan(ref, opts);
	if (!located.ok) return {ok: false, problems: [located.problem]};
	const read = readPlanBytes(located.file);
	if (!read.ok) return {ok: false, problems: [read.problem]};
	const decoded = decodePlan(read.bytes, located.file);
	if (!decoded.ok) return {ok: false, problems: [decoded.problem]};
	const text = decoded.text;
	const {noSplit, noChecks, wrapperCollectionsPath} = opts;
	const parseOptions: ParseOptions = {file: located.file, env: opts.env, ...(noSplit ? {noSplit} : {}), ...(noChecks ? {noChecks} : {}), ...(wrapperCollectionsPath ? {wrapperCollectionsPath} : {})};
	if (located.builtin !== undefined) parseOptions.builtin = located.builtin;
	return parsePlan(text, parseOptions);
}
