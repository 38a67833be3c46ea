import {describe, expect, it} from 'vitest';
import {ID_PATTERN, assignDefaultIds, slugify} from '../../source/plan/slug.js';

describe('slugify', () => {
	it('makes ids that match the id pattern from any text', () => {
		const cases: Array<[string, string]> = [
			['setup-hosts', 'setup-hosts'],
			['Galera Cluster Rolling Restart', 'galera-cluster-rolling-restart'],
			['ansible_fact_cleanup', 'ansible_fact_cleanup'],
			['bootstrap-ansible.sh', 'bootstrap-ansible.sh'],
			['__init__', 'init'],
			['Café crème', 'cafe-creme'],
			['!!!', 'step'],
			['', 'step'],
		];
		for (const [text, slug] of cases) {
			expect(slugify(text)).toBe(slug);
			expect(slugify(text)).toMatch(ID_PATTERN);
		}
	});
});

describe('assignDefaultIds', () => {
	it('keeps explicit ids and suffixes colliding defaults in order', () => {
		expect(assignDefaultIds([{base: 'a'}, {base: 'a'}, {explicit: 'b', base: 'x'}, {base: 'b'}, {base: 'a'}])).toEqual(['a', 'a-2', 'b', 'b-2', 'a-3']);
	});
});
