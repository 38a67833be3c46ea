// Plans shipped with the package: plans/<name>/plan.yml at the package root (or unpacked from the executable).
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {parse} from 'yaml';
import {builtinPlansDir} from '../package/files.js';

export interface BuiltinPlan {
	name: string;
	/** The plan's `name:` field, or its folder name when that cannot be read. */
	title: string;
	path: string;
}

export function builtinPlanPath(name: string, dir = builtinPlansDir()): string | undefined {
	if (!/^[\w.-]+$/.test(name) || name.startsWith('.')) return undefined;
	for (const file of ['plan.yml', 'plan.yaml']) {
		const path = join(dir, name, file);
		if (existsSync(path)) return path;
	}

	return undefined;
}

/** The top-level `name:` of a plan file, read from its one line without parsing the whole file. */
function readTitle(path: string): string | undefined {
	try {
		const line = readFileSync(path, 'utf8')
			.split(/\r?\n/)
			.find(text => /^name\s*:/.test(text));
		if (line === undefined) return undefined;
		const value: unknown = parse(line);
		const title = value !== null && typeof value === 'object' && 'name' in value ? value.name : undefined;
		return typeof title === 'string' && title.trim() !== '' ? title : undefined;
	} catch {
		return undefined;
	}
}

/** Built-in plans, sorted by name. */
export function listBuiltinPlans(dir = builtinPlansDir()): BuiltinPlan[] {
	let names: string[];
	try {
		names = readdirSync(dir, {withFileTypes: true})
			.filter(entry => entry.isDirectory())
			.map(entry => entry.name)
			.sort();
	} catch {
		return [];
	}

	return names.flatMap(name => {
		const path = builtinPlanPath(name, dir);
		return path === undefined ? [] : [{name, title: readTitle(path) ?? name, path}];
	});
}
