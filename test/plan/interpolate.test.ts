import {describe, expect, it} from 'vitest';
import {interpolate} from '../../source/plan/interpolate.js';
import {expectPlan, expectProblems, parseText} from './helpers.js';

function value(text: string, env: Record<string, string | undefined>): string {
	const result = interpolate(text, env);
	if (!result.ok) expect.fail(result.errors.join('\n'));
	return result.value;
}

describe('interpolate', () => {
	it('replaces a set ${VAR}', () => {
		expect(value('${DIR}/playbooks', {DIR: '/opt/osa'})).toBe('/opt/osa/playbooks');
	});

	it('keeps an empty set ${VAR} empty, without error', () => {
		expect(value('a${X}b', {X: ''})).toBe('ab');
	});

	it('uses the default of ${VAR:-default} when VAR is unset or empty, as sh does', () => {
		expect(value('${DIR:-/opt/osa}', {})).toBe('/opt/osa');
		expect(value('${DIR:-/opt/osa}', {DIR: ''})).toBe('/opt/osa');
		expect(value('${DIR:-/opt/osa}', {DIR: '/srv'})).toBe('/srv');
		expect(value('${DIR:-}', {})).toBe('');
	});

	it('expands variables inside a default only when the default is used', () => {
		expect(value('${A:-${B}/x}', {B: '/b'})).toBe('/b/x');
		expect(value('${A:-${UNSET}}', {A: 'a'})).toBe('a');
	});

	it('turns $$ into a literal $ and leaves a lone $ as is', () => {
		expect(value('cost: $$5 ${X}$$', {X: 'x'})).toBe('cost: $5 x$');
		expect(value('a $ b', {})).toBe('a $ b');
		expect(value('$${NOT_A_VAR}', {})).toBe('${NOT_A_VAR}');
	});

	it('reports an unset ${VAR} naming it and suggesting a default or an export', () => {
		expect(interpolate('${A}/${B}', {})).toEqual({
			ok: false,
			errors: [
				'environment variable A is not set: export A=..., or write ${A:-default} in the plan',
				'environment variable B is not set: export B=..., or write ${B:-default} in the plan',
			],
		});
	});

	it('reports malformed expansions instead of passing them through', () => {
		expect(interpolate('${A', {A: 'a'})).toEqual({ok: false, errors: ['missing "}" after "${A"']});
		expect(interpolate('${A:-x', {})).toMatchObject({ok: false, errors: [expect.stringMatching(/missing "}"/)]});
		expect(interpolate('${1}', {})).toMatchObject({ok: false, errors: [expect.stringMatching(/must be followed by a variable name/)]});
		expect(interpolate('${A:?err}', {A: 'a'})).toMatchObject({ok: false, errors: [expect.stringMatching(/unsupported "\$\{A:\.\.\."/)]});
	});

	it('warns that a bare $VAR is not expanded', () => {
		const result = interpolate('$HOME/x', {HOME: '/root'});
		expect(result).toMatchObject({ok: true, value: '$HOME/x', warnings: [expect.stringMatching(/write \$\{HOME\} to expand it/)]});
	});
});

describe('interpolation in a plan', () => {
	const text = [
		'name: ${NOT_INTERPOLATED}',
		'cwd: ${BASE:-/opt}/play',
		'command: ["${ANSIBLE:-ansible-playbook}"]',
		'inventory: ${INV}',
		'env: {A: "${A_VALUE}"}',
		'markers: ${BASE:-/opt}/markers',
		'steps:',
		'  - playbook: ${PB}.yml',
		'    args: [-e, "x=${X}"]',
		'  - run: ["${TOOL}", $$literal]',
		'',
	].join('\n');

	it('expands every path, argv and env value (but not the plan name) from the given env', () => {
		const env = {BASE: '/srv', INV: 'hosts', A_VALUE: 'a', PB: 'site', X: '1', TOOL: 'echo'};
		const plan = expectPlan(parseText(text, env));
		expect(plan.name).toBe('${NOT_INTERPOLATED}');
		expect(plan.cwd).toBe('/srv/play');
		expect(plan.command).toEqual(['ansible-playbook']);
		expect(plan.inventory).toBe('/plans/test/hosts');
		expect(plan.env).toEqual({A: 'a'});
		expect(plan.markers).toBe('/srv/markers');
		expect(plan.steps[0]?.argv).toEqual(['ansible-playbook', '-i', '/plans/test/hosts', 'site.yml', '-e', 'x=1']);
		expect(plan.steps[0]?.playbook).toBe('/srv/play/site.yml');
		expect(plan.steps[0]?.id).toBe('site');
		expect(plan.steps[1]?.argv).toEqual(['echo', '$literal']);
	});

	it('explains that ${...} must be quoted inside a flow list, where YAML cannot parse it bare', () => {
		const problems = expectProblems(parseText('name: x\nsteps:\n  - run: [${TOOL}, x]\n', {TOOL: 't'}));
		expect(problems[0]).toMatchObject({line: 3, column: 12});
		expect(problems[0]?.message).toMatch(/^YAML: .*; inside \[ \] or \{ \}, quote a value that holds \$\{\.\.\.\}/);
	});

	it('reports each unset variable at the value that uses it', () => {
		const problems = expectProblems(parseText(text, {}));
		expect(problems.map(problem => [problem.line, problem.key])).toEqual([
			[4, 'inventory'],
			[5, 'env.A'],
			[8, 'steps[0].playbook'],
			[9, 'steps[0].args[1]'],
			[10, 'steps[1].run[0]'],
		]);
	});
});
