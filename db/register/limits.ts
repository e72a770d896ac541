// The register's hard limits live with the contract (shared/register-limits.ts), beside the
// sentences that name them (shared/core-messages).
export { REGISTER_LIMITS } from '../../shared/register-limits';
