// The error shape of the public contract: {"error":{"code","message","field"?}}.
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const badRequest = (message: string, field?: string, details?: unknown) =>
  new AppError(400, 'validation_error', message, field, details);
export const unauthorized = (message = 'Sign in first', code = 'unauthorized') => new AppError(401, code, message);
export const forbidden = (message = 'Not permitted') => new AppError(403, 'forbidden', message);
export const notFound = (what = 'Record') => new AppError(404, 'not_found', `${what} not found`);
export const conflict = (message: string, field?: string) => new AppError(409, 'conflict', message, field);
