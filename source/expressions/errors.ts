/** An expression that does not parse; `offset` counts characters from the start of the text checked. */
export class ExpressionSyntaxError extends Error {
	constructor(
		message: string,
		readonly offset: number,
	) {
		super(message);
		this.name = 'ExpressionSyntaxError';
	}
}

/** An expression that parsed but failed (or yielded nothing where a value is needed) when evaluated. */
export class ExpressionEvaluationError extends Error {
	constructor(
		message: string,
		readonly expression: string,
	) {
		super(message);
		this.name = 'ExpressionEvaluationError';
	}
}
