// The run report as JUnit XML for CI systems: a <testsuite> per step, a <testcase> per task with
// a <failure> per failed or unreachable host. A step without task events is one test case of its
// own (skipped when it did not run). Pure.
import {sanitize, sanitizeLine} from '../ansible/sanitize.js';
import type {ReportStep, RunReport} from './model.js';

// Characters XML 1.0 does not allow at all, even escaped (sanitize already drops C0 and C1 controls).
// eslint-disable-next-line no-control-regex
const notXml = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text for an element body. */
export function xmlText(text: string): string {
	return sanitize(text).replace(notXml, '').replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** Text for a double-quoted attribute value: one line. */
export function xmlAttr(text: string): string {
	return xmlText(sanitizeLine(text)).replaceAll('"', '&quot;').replaceAll("'", '&apos;');
}

const seconds = (s: number | null) => (s === null ? '0' : s.toFixed(3));

interface Case {
	xml: string;
	failed: boolean;
	skipped: boolean;
}

/**
 * `handedOver`: the step failed and its unit's fallback (that step) finished in its place, so the
 * run went on: its failures are told as they ended, skipped with the hand-over in the message,
 * not counted as failures of a run that succeeded.
 */
function stepCases(s: ReportStep, handedOver: ReportStep | null): Case[] {
	const cls = xmlAttr(s.id);
	const cases: Case[] = [];
	const handOver = handedOver ? `; handed over to the unit's fallback ${handedOver.id}, which finished` : '';
	for (const t of s.tasks ?? []) {
		const failures = t.failures.map((f) =>
			handedOver
				? `      <skipped message="${xmlAttr(`failed on ${f.host}: ${f.msg || f.status}${handOver}`)}"/>\n`
				: `      <failure type="${f.status}" message="${xmlAttr(`${f.host}: ${f.msg || f.status}`)}">${xmlText(`${f.host} (${f.status}): ${f.msg || '(no message)'}`)}</failure>\n`,
		);
		const name = t.handler ? `${t.name} (handler)` : t.name;
		const open = `    <testcase classname="${cls}" name="${xmlAttr(name)}" time="${seconds(t.seconds)}"`;
		// One skipped per testcase: the first failure stands for it when handed over.
		const body = handedOver ? failures.slice(0, 1) : failures;
		cases.push({xml: body.length === 0 ? `${open}/>\n` : `${open}>\n${body.join('')}    </testcase>\n`, failed: !handedOver && failures.length > 0, skipped: handedOver !== null && failures.length > 0});
	}

	// The step's own outcome, when the tasks do not tell it: not run, cut short, or no task events.
	const reason = s.reason ?? s.status;
	const taskFailed = cases.some((c) => c.failed || c.skipped);
	const outcome = (body: string, failed: boolean, skipped: boolean): Case => ({
		xml: `    <testcase classname="${cls}" name="${xmlAttr(`${s.name} (step outcome)`)}" time="${seconds(s.durationMs === null ? null : s.durationMs / 1000)}">\n      ${body}\n    </testcase>\n`,
		failed,
		skipped,
	});
	if (s.status === 'pending') cases.push(outcome('<skipped message="not run"/>', false, true));
	else if (s.doneByMarker) cases.push(outcome(`<skipped message="${xmlAttr(reason)}"/>`, false, true));
	else if (s.status === 'paused') cases.push(outcome(`<skipped message="${xmlAttr(s.pausedAt?.task ? `paused before "${s.pausedAt.task}"` : reason)}"/>`, false, true));
	else if (handedOver && !taskFailed) cases.push(outcome(`<skipped message="${xmlAttr(`${reason}${handOver}`)}"/>`, false, true));
	else if ((s.status === 'failed' || s.status === 'interrupted' || s.status === 'aborted') && !taskFailed) {
		cases.push(outcome(`<failure type="${s.status}" message="${xmlAttr(reason)}">${xmlText(reason)}</failure>`, true, false));
	} else if (cases.length === 0) {
		const body = s.status === 'running' ? '<skipped message="still running"/>' : `<system-out>${xmlText(reason)}</system-out>`;
		cases.push(outcome(body, false, s.status === 'running'));
	}
	return cases;
}

export function reportJunit(r: RunReport): string {
	const suites: string[] = [];
	let tests = 0;
	let failures = 0;
	let skipped = 0;
	let time = 0;
	for (const s of r.steps) {
		const fallback = s.status === 'failed' && s.fallback ? r.steps.find((other) => other.id === s.fallback) : undefined;
		const cases = stepCases(s, fallback?.status === 'done' ? fallback : null);
		const f = cases.filter((c) => c.failed).length;
		const k = cases.filter((c) => c.skipped).length;
		const t = s.durationMs === null ? 0 : s.durationMs / 1000;
		tests += cases.length;
		failures += f;
		skipped += k;
		time += t;
		const properties = [
			['step', String(s.number)],
			['name', s.name],
			['status', s.doneByMarker ? 'done earlier (marker)' : s.status],
			['attempts', String(s.attempts)],
			...(s.reason ? [['reason', s.reason]] : []),
			// Which ansible-core ran it (events), or will (preflight's finding).
			...(s.ansible ? [['ansible-core', s.ansible.version ?? 'unknown'], ['ansible-core-source', s.ansible.source]] : []),
		]
			.map(([name, value]) => `      <property name="${xmlAttr(name!)}" value="${xmlAttr(value!)}"/>\n`)
			.join('');
		const timestamp = s.startedAt ? ` timestamp="${xmlAttr(s.startedAt.replace(/\.\d+Z$/, ''))}"` : '';
		suites.push(
			`  <testsuite name="${xmlAttr(s.id)}" tests="${cases.length}" failures="${f}" errors="0" skipped="${k}" time="${seconds(t)}"${timestamp}>\n    <properties>\n${properties}    </properties>\n${cases.map((c) => c.xml).join('')}  </testsuite>\n`,
		);
	}
	return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${xmlAttr(r.plan.name)}" tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}" time="${seconds(time)}">\n${suites.join('')}</testsuites>\n`;
}
