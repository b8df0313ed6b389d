import type {OpenQuestion} from '../engine/questions.js';
import type {RunState} from '../engine/state.js';
import type {RunSession} from '../session/run-session.js';
import type {OperatorAnswer} from './asker.js';

/** Gives an answer to a question, or undefined when none can be had now. */
export type Asker = {ask(question: OpenQuestion, state: RunState): Promise<OperatorAnswer | undefined>};

const triesPerQuestion = 5;

/**
 * The line front end's answering half: for each question the session opens, it asks the asker
 * (for the line front end: answers file, --yes, a line on standard input) and answers; when the
 * asker has nothing, or every try was refused, the run pauses on the question.
 */
export function attachAnswerer(session: RunSession, asker: Asker): () => void {
	const answering = new Set<string>();
	return session.subscribe(({event}) => {
		if (event.type !== 'question-asked' || answering.has(event.question.id)) return;
		const {id} = event.question;
		answering.add(id);
		void (async () => {
			try {
				for (let tries = 0; tries < triesPerQuestion && session.isOpen(id); tries++) {
					const question = session.question(id) ?? event.question;
					const answer = await asker.ask(question, session.current);
					if (!session.isOpen(id)) return;
					if (!answer) return session.pause(id);
					if (session.answer(id, answer.value, answer.by).ok) return;
				}
				session.pause(id);
			} finally {
				answering.delete(id);
			}
		})();
	});
}
