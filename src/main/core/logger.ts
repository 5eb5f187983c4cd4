export interface Logger {
  info(message: string, ...rest: unknown[]): void;
  warn(message: string, ...rest: unknown[]): void;
  error(message: string, ...rest: unknown[]): void;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

export const stderrLogger: Logger = {
  info: (m, ...r) => console.error(m, ...r),
  warn: (m, ...r) => console.error(m, ...r),
  error: (m, ...r) => console.error(m, ...r),
};
