// The events of one playbook have the same shape on every ansible-core release: a stream the
// machine's ansible-playbook writes now gives the same task x host matrix, loop items, retries and
// notifications as the stream recorded from ansible-core 2.14 (fixtures/events/*-2.14.ndjson).
import {readFileSync} from 'node:fs';
import {expect, it} from 'vitest';
import {describeAnsible, type EventRecord} from '../helpers/ansible.js';
import {runPlaybook} from '../helpers/plugin-run.js';
import {fixtureBytes, load, picture} from '../matrix/stream.js';

/** What a viewer and a report make of a stream, without ids, times and host order. */
function shape(bytes: Buffer): Record<string, unknown> {
	const model = load(bytes);
	const events = bytes.toString('utf8').split('\n').filter(line => line.trim() !== '').map(line => JSON.parse(line) as EventRecord);
	const names = new Map<string, string>();
	for (const event of events) {
		if (event['type'] === 'task_start') names.set(String(event['task']['id']), String(event['task']['name']));
	}

	const perTask = (type: string, field: string) =>
		events
			.filter(event => event['type'] === type)
			.map(event => `${names.get(String(event['task_id']))} ${event['host']} ${event[field]}`)
			.sort();
	return {
		hosts: [...model.hosts].sort(),
		matrix: picture(model),
		items: perTask('item', 'status'),
		retries: perTask('retry', 'attempts'),
		notifies: events.filter(event => event['type'] === 'notify').map(event => `${event['handler_name']} ${event['host']}`).sort(),
		types: [...new Set(events.map(event => String(event['type'])))].sort(),
		stats: events.find(event => event['type'] === 'stats')?.['hosts'],
	};
}

describeAnsible('event streams across ansible-core releases (real ansible-playbook)', () => {
	for (const name of ['full', 'handler-force']) {
		it(`${name}.yml gives the same matrix as the 2.14 recording`, async () => {
			const run = await runPlaybook({playbook: `${name}.yml`});
			expect(run.code, run.output).toBe(name === 'full' ? 0 : 2);
			expect(shape(readFileSync(run.eventsFile))).toEqual(shape(fixtureBytes(`${name}-2.14.ndjson`)));
		});
	}
});
