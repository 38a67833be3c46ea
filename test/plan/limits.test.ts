// Plan files past the limits (size, nesting, steps, entries) and with bytes YAML does not allow are
// refused fast, with the line and a fix, and nothing from the file reaches the terminal raw.
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {formatProblems} from '../../source/plan/format.js';
import {MAX_PLAN_BYTES, MAX_PLAN_DEPTH, MAX_PLAN_ENTRIES, MAX_PLAN_STEPS} from '../../source/plan/limits.js';
import {loadPlan} from '../../source/plan/load.js';
import {firstInvalidUtf8} from '../../source/plan/plan-text.js';
import type {PlanProblem, PlanResult} from '../../source/plan/types.js';
import {BAD, expectPlan, expectProblems, loadFixture, parseText} from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'plan-limits-'));
afterAll(() => rmSync(tmp, {recursive: true, force: true}));

/** Loads plan text written to a file, and how long it took. */
function timedLoad(name: string, text: string | Buffer): {result: PlanResult; ms: number} {
	const file = join(tmp, name);
	writeFileSync(file, text);
	const start = performance.now();
	const result = loadPlan(file, {env: {}, cwd: tmp});
	return {result, ms: performance.now() - start};
}

function only(result: PlanResult): PlanProblem {
	const problems = expectProblems(result);
	expect(problems).toHaveLength(1);
	return problems[0] as PlanProblem;
}

const steps = (count: number, step: (i: number) => string) => Array.from({length: count}, (_, i) => step(i)).join('');

describe('size', () => {
	it('refuses a 7.5 MB plan before reading it, in milliseconds', () => {
		const big = `name: big\nsteps:\n${steps(150_000, (i) => `  - playbook: p${i}.yml\n    args: [--limit, host${i}]\n`)}`.slice(0, 7_500_000);
		const {result, ms} = timedLoad('big.yml', big);
		const problem = only(result);
		expect(problem.message).toMatch(/^the plan file is 7\.2 MiB; a plan file may be at most 1\.0 MiB/);
		expect(problem.line).toBeUndefined();
		expect(ms).toBeLessThan(500);
	});

	it('accepts a plan of exactly the limit', () => {
		const head = 'name: x\nsteps:\n  - playbook: a.yml\n# ';
		const {result} = timedLoad('limit.yml', `${head}${'x'.repeat(MAX_PLAN_BYTES - head.length - 1)}\n`);
		expect(expectPlan(result).steps).toHaveLength(1);
	});
});

describe('nesting', () => {
	it('refuses 400 KB of [ in milliseconds (yaml alone takes minutes), at the bracket past the limit', () => {
		const {result, ms} = timedLoad('nested.yml', '['.repeat(400_000));
		const problem = only(result);
		expect(problem).toMatchObject({line: 1, column: MAX_PLAN_DEPTH + 1});
		expect(problem.message).toMatch(/nested more than 64 deep.*unclosed \[ or \{/);
		expect(ms).toBeLessThan(1000);
	}, 10_000);

	it.each([
		['flow maps', `name: x\nsteps:\n  - playbook: a.yml\n    args: ${'{'.repeat(200)}\n`, 4],
		['sequences on one line', `name: x\nsteps:\n  - playbook: a.yml\n    args:\n${'- '.repeat(200_000)}x\n`, 5],
		['indented maps', `name: x\nsteps:\n${steps(200, (i) => `${' '.repeat(i)}k${i}:\n`)}`, 3 + MAX_PLAN_DEPTH],
	])('refuses %s nested too deep', (_, text, line) => {
		const start = performance.now();
		const problem = only(parseText(text));
		expect(problem.line).toBe(line);
		expect(problem.message).toMatch(/nested more than 64 deep/);
		expect(performance.now() - start).toBeLessThan(1000);
	});

	it('accepts nesting up to the limit', () => {
		const nested = (depth: number) => `name: x\nsteps:\n  - playbook: a.yml\n    args: ${'['.repeat(depth)}${']'.repeat(depth)}\n`;
		// The plan, steps and the step take the first three levels.
		const problems = expectProblems(parseText(nested(MAX_PLAN_DEPTH - 3)));
		expect(problems.map((p) => p.message).join('\n')).not.toMatch(/nested/);
		expect(only(parseText(nested(MAX_PLAN_DEPTH - 2))).message).toMatch(/nested more than 64 deep/);
	});
});

describe('steps and entries', () => {
	const block = (count: number) => `name: big\nsteps:\n${steps(count, (i) => `  - playbook: p${i}.yml\n    args: [-v]\n`)}`;

	it('refuses 200,000 steps in well under a second (it took 30 s and 1.5 GB), at the step past the limit', () => {
		const {result, ms} = timedLoad('steps.yml', block(200_000).slice(0, MAX_PLAN_BYTES));
		expect(only(result)).toMatchObject({
			key: 'steps',
			line: 3 + 2 * MAX_PLAN_STEPS,
			column: 3,
			message: `the plan has more than ${MAX_PLAN_STEPS} steps (the limit; real upgrades have a few dozen): split it into several plans`,
		});
		expect(ms).toBeLessThan(1000);
	});

	it.each([
		['a compact list', (n: number) => `---\nname: x\nsteps:\n${steps(n, (i) => `- playbook: p${i}.yml\n  args:\n  - a\n`)}`],
		['a flow list', (n: number) => `name: x\nsteps: [${steps(n, (i) => `{playbook: p${i}.yml}, `)}]\n`],
		['a JSON plan', (n: number) => JSON.stringify({name: 'x', steps: Array.from({length: n}, (_, i) => ({playbook: `p${i}.yml`, args: ['a']}))})],
	])('counts the steps of %s', (_, text) => {
		expect(only(parseText(text(MAX_PLAN_STEPS + 1))).key).toBe('steps');
		expect(expectPlan(parseText(text(MAX_PLAN_STEPS))).steps).toHaveLength(MAX_PLAN_STEPS);
	});

	it('refuses any other list or map with too many entries, before yaml checks each key against all the others', () => {
		const keys = `name: x\nsteps:\n  - playbook: a.yml\n    env:\n${steps(60_000, (i) => `      A${i}: b\n`)}`;
		const start = performance.now();
		expect(only(parseText(keys))).toMatchObject({line: 5 + MAX_PLAN_ENTRIES, message: expect.stringMatching(/^this map has more than 1000 entries/)});
		const args = `name: x\nsteps:\n  - playbook: a.yml\n    args: [${'a,'.repeat(200_000)}a]\n`;
		expect(only(parseText(args)).message).toMatch(/^this list has more than 1000 entries/);
		expect(performance.now() - start).toBeLessThan(1000);
		const fits = `name: x\nsteps:\n  - playbook: a.yml\n    env:\n${steps(MAX_PLAN_ENTRIES, (i) => `      A${i}: b\n`)}`;
		expect(Object.keys(expectPlan(parseText(fits)).steps[0]?.env ?? {})).toHaveLength(MAX_PLAN_ENTRIES);
	});

	it('is not misled by brackets, dashes and keys inside scalars, comments and block text', () => {
		const text = [
			'# steps: [[[[[[',
			'name: "steps: [ {"',
			'steps:',
			'  - playbook: a.yml # - - - [',
			"    args: ['[[[[', \"- {\", '--limit=host[0]']",
			'    name: |',
			'      steps:',
			'      - [[[[ not a step',
			'  - run: [x]',
			'    env: {A: "{{ [ }}"}',
		].join('\n');
		expect(expectPlan(parseText(`${text}\n`)).steps.map((s) => s.argv.at(-1))).toEqual(['--limit=host[0]', 'x']);
	});
});

describe('characters', () => {
	it('refuses invalid UTF-8 at its line and column, saying how to convert the file', () => {
		expect(only(loadFixture('bad/latin1.yml'))).toEqual({
			file: join(BAD, 'latin1.yml'),
			line: 1,
			column: 10,
			message: 'invalid UTF-8 (byte \\xe9): a plan file must be UTF-8; convert it, e.g. iconv -f latin1 -t utf-8 PLAN > PLAN.utf8, or fix the character',
		});
		const {result} = timedLoad('utf16.yml', Buffer.from('\ufeffname: x\n', 'utf16le'));
		expect(only(result).message).toMatch(/the file looks like UTF-16/);
	});

	it('finds the first byte that is not UTF-8: stray continuation, overlong, surrogate, past U+10FFFF, cut short', () => {
		const at = (...bytes: number[]) => firstInvalidUtf8(Uint8Array.from(bytes));
		expect(at(0x61, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80)).toBe(-1);
		expect(at(0x61, 0x80)).toBe(1);
		expect(at(0xc0, 0xaf)).toBe(0);
		expect(at(0x61, 0xed, 0xa0, 0x80)).toBe(1);
		expect(at(0xf4, 0x90, 0x80, 0x80)).toBe(0);
		expect(at(0x61, 0x62, 0xe2, 0x82)).toBe(2);
	});

	it('refuses a control character at its line, and never prints one raw', () => {
		const problem = only(loadFixture('bad/control-character.yml'));
		expect(problem).toMatchObject({line: 4, column: 22});
		expect(problem.message).toMatch(/^control character \\x1b is not allowed in a plan file: remove it/);
		const printed = formatProblems([problem], {source: true});
		// eslint-disable-next-line no-control-regex
		expect(printed).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/);
		expect(printed).toContain('args: [--limit, "\\x1b]0;owned\\x07x"]');
		// The caret stays under the column once the line is escaped.
		const [, line, caret] = printed.split('\n');
		expect(caret?.indexOf('^')).toBe(line?.indexOf('\\x1b'));
	});

	it('escapes what it echoes from a plan in any problem: bidi overrides, C1 controls', () => {
		const printed = formatProblems([{file: '/p.yml', key: 'steps[0]', message: 'unknown key "ab\u202Ec\u009B"'}]);
		expect(printed).toBe('/p.yml: steps[0]: unknown key "ab\\u202ec\\x9b"');
	});

	it('cuts a long source line to the part around the column', () => {
		const {result} = timedLoad('one-line.json', JSON.stringify({name: 'x', steps: Array.from({length: 2001}, (_, i) => ({playbook: `p${i}.yml`}))}));
		const [, line, caret] = formatProblems(expectProblems(result), {source: true}).split('\n');
		expect(line?.length).toBeLessThanOrEqual(170);
		expect(line?.[(caret?.indexOf('^') ?? 0)]).toBe('{');
	});
});
