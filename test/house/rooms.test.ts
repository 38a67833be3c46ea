// The house (STYLE.md): rooms on floors, and a lower room never imports a higher one; no two
// files import each other, directly or round a circle. Read from the sources' own imports.
import {readdirSync, readFileSync} from 'node:fs';
import {dirname, join, normalize, relative} from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';

const source = fileURLToPath(new URL('../../source', import.meta.url));

/** Top to bottom; rooms on one floor may import each other. */
const floors = [['cli.tsx'], ['commands'], ['settings'], ['ui'], ['viewer'], ['replay', 'report'], ['matrix', 'plain'], ['run', 'osa'], ['plan'], ['ansible'], ['markers', 'package', 'cache-dir.ts', 'fs', 'text']];

function files(dir: string): string[] {
	return readdirSync(dir, {withFileTypes: true}).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : []));
}

/** Each source file's relative imports, as source files (".js" written for ".ts" or ".tsx"). */
function imports(): Map<string, string[]> {
	const all = files(source);
	const known = new Set(all);
	const out = new Map<string, string[]>();
	for (const file of all) {
		const targets = [...readFileSync(file, 'utf8').matchAll(/from '(\.[^']+)'/g)].map((m) => {
			const path = normalize(join(dirname(file), m[1]!)).replace(/\.js$/, '');
			return [`${path}.ts`, `${path}.tsx`].find((p) => known.has(p)) ?? path;
		});
		out.set(file, targets);
	}
	return out;
}

const roomOf = (file: string): string => relative(source, file).split('/')[0]!;
const floorOf = (room: string): number => floors.findIndex((floor) => floor.includes(room));
const short = (file: string): string => relative(source, file);

describe('the house', () => {
	const graph = imports();

	it('every room has a floor', () => {
		const rooms = new Set([...graph.keys()].map(roomOf));
		expect([...rooms].filter((room) => floorOf(room) === -1)).toEqual([]);
	});

	it('a lower room never imports a higher one', () => {
		const up: string[] = [];
		for (const [file, targets] of graph) for (const target of targets) if (floorOf(roomOf(target)) < floorOf(roomOf(file))) up.push(`${short(file)} -> ${short(target)}`);
		expect(up).toEqual([]);
	});

	it('no file imports itself back, directly or round a circle', () => {
		const circles: string[] = [];
		const state = new Map<string, 'open' | 'done'>();
		const walk = (file: string, path: string[]): void => {
			if (state.get(file) === 'done') return;
			if (state.get(file) === 'open') {
				circles.push([...path.slice(path.indexOf(file)), file].map(short).join(' -> '));
				return;
			}
			state.set(file, 'open');
			for (const target of graph.get(file) ?? []) walk(target, [...path, file]);
			state.set(file, 'done');
		};
		for (const file of graph.keys()) walk(file, []);
		expect(circles).toEqual([]);
	});
});
