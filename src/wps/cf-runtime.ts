/**
 * The STI wrappers (src/functions) report errors as `new CustomFunctions.Error(code, message)`,
 * the Excel runtime's class. WPS has no such global: this gives them a stand-in of the same
 * shape before they load, and src/wps/functions.ts turns what they return into what a WPS
 * custom function can return. Where a CustomFunctions global exists already, it is kept.
 */
class StiCellError {
  readonly code: string;
  readonly message: string;
  constructor(code: string, message?: string) {
    this.code = code;
    this.message = message ?? '';
  }
}

const g = globalThis as { CustomFunctions?: unknown };
if (typeof g.CustomFunctions === 'undefined') {
  g.CustomFunctions = {
    Error: StiCellError,
    ErrorCode: {
      invalidValue: '#VALUE!',
      notAvailable: '#N/A',
      divisionByZero: '#DIV/0!',
      invalidNumber: '#NUM!',
      nullReference: '#NULL!',
      invalidName: '#NAME?',
      invalidReference: '#REF!',
    },
    associate: () => undefined,
  };
}

export {};
