// The abort confirmation, on the footer's message line: "Abort step X? y/N".
import {sanitizeLine} from '../../ansible/sanitize.js';
import {Line, type Segment} from './text.js';

export function abortPrompt(stepName: string): Segment[] {
	return [
		{text: `Abort step ${sanitizeLine(stepName)}? `, color: 'red', bold: true},
		{text: 'y/N', bold: true, inverse: true},
		{text: '  (kills it now; resume reruns it from its start)', dim: true},
	];
}

export function ConfirmAbort({stepName, width}: {stepName: string; width: number}) {
	return <Line width={width} segments={abortPrompt(stepName)} />;
}
