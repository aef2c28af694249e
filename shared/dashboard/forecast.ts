// The forecast lives in shared/domain, where the weekly digest and the reminders use the same arithmetic (#15).
export * from '../domain/forecast';
