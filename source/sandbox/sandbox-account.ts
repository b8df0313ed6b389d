/**
 * The AWS account a sandbox answers as: moto's for keys it did not issue. A sandbox environment's
 * `env.account` is this, so runbooks that build ARNs from `env.account` rehearse unchanged.
 */
export const sandboxAccount = '123456789012';
