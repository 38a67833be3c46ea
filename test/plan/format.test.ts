import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {describePlan, formatProblems} from '../../source/plan/format.js';
import {BAD, GOOD, expectPlan, loadFixture} from './helpers.js';

describe('formatProblems', () => {
	it('prints one line per problem as FILE:LINE:COL: key: message, leaving out what is missing', () => {
		const text = formatProblems([
			{file: 'plan.yml', line: 3, column: 5, key: 'steps[0].pause', message: 'must be one of task, play, step'},
			{file: 'plan.yml', key: 'cwd', message: 'does not exist'},
			{file: 'gamma', message: 'no plan file or built-in plan named gamma'},
			{file: 'plan.yml', line: 2, column: 1, key: 'markers', message: 'ignored', severity: 'warning'},
		]);
		expect(text).toBe(
			[
				'plan.yml:3:5: steps[0].pause: must be one of task, play, step',
				'plan.yml: cwd: does not exist',
				'gamma: no plan file or built-in plan named gamma',
				'plan.yml:2:1: markers: warning: ignored',
			].join('\n'),
		);
	});

	it('can show the source line with a caret under the column', () => {
		const result = loadFixture('bad/everything-wrong.yml');
		if (result.ok) expect.fail('expected problems');
		const pause = result.problems.filter(problem => problem.key === 'steps[2].pause');
		expect(formatProblems(pause, {source: true}).split('\n')).toEqual([
			`${join(BAD, 'everything-wrong.yml')}:11:12: steps[2].pause: must be one of task, play, step, got the string "sometimes"`,
			'        pause: sometimes',
			'               ^',
		]);
	});
});

describe('describePlan', () => {
	it('gives name, path, hash and each step id, name, argv, cwd and pause, and nothing else', () => {
		const plan = expectPlan(loadFixture('good/minimal.yml'));
		expect(describePlan(plan)).toEqual({
			name: 'Minimal',
			path: join(GOOD, 'minimal.yml'),
			hash: plan.hash,
			steps: [{id: 'hello', name: 'hello', argv: ['ansible-playbook', 'playbooks/hello.yml'], cwd: GOOD, pause: 'task'}],
		});
	});
});
