// A valid run state with one finished and one pending step, for tests of the state's files.
import type {RunState} from '../../source/run/types.js';

export function validState(dir = '/runs/demo'): RunState {
	return {
		version: 1,
		plan: {name: 'Demo', path: '/plans/demo.yml', hash: 'abc', builtin: null},
		run: {status: 'paused', pid: null, startedAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:01:00.000Z', waitingFor: null},
		steps: [
			{
				id: 'first',
				name: 'first',
				hash: 'h1',
				status: 'done',
				attempts: 1,
				startedAt: '2026-01-01T00:00:00.000Z',
				endedAt: '2026-01-01T00:00:10.000Z',
				pausedAt: null,
				hosts: {ok: 2, changed: 1, failed: 0, unreachable: 0, skipped: 0},
				attempt: {
					n: 1,
					pid: 100,
					pidStart: 5,
					startedAt: '2026-01-01T00:00:00.000Z',
					endedAt: '2026-01-01T00:00:10.000Z',
					exitCode: 0,
					signal: null,
					eventsFile: `${dir}/steps/first/attempt-1.events.ndjson`,
					logFile: `${dir}/steps/first/attempt-1.log`,
					extraArgs: [],
				},
				reason: 'exited 0 after its recap',
				problems: [],
				eventsSeen: true,
				ansible: {version: '2.19.1', source: 'events', program: null},
			},
			{
				id: 'last',
				name: 'last',
				hash: 'h2',
				status: 'pending',
				attempts: 0,
				startedAt: null,
				endedAt: null,
				pausedAt: null,
				hosts: {ok: 0, changed: 0, failed: 0, unreachable: 0, skipped: 0},
				attempt: null,
				reason: null,
				problems: [],
				eventsSeen: null,
			},
		],
	};
}
