/**
 * The STI custom functions in WPS 表格: the same wrappers as Excel's (src/functions/functions.ts),
 * registered with wps.AddCustomFunction("STI", NAME, fn, metadata) from metadata generated at
 * build time from the same JSDoc and zh-CN texts as Excel's functions.json
 * (scripts/wps-addin.mjs → __STI_WPS_FUNCTIONS__).
 *
 * What WPS hands over and takes back (WPS 12.1.0.20540+; synchronous functions only):
 * - a range parameter declared `any[][]` arrives as a 2-D array (a single cell as [[x]]);
 * - an omitted optional argument arrives as the number -2147352572 (DISP_E_PARAMNOTFOUND),
 *   an error cell as its COM error number (#DIV/0! = -2146826281 …): both are translated back;
 * - a 2-D array returned spills; an error is returned as the text of Excel's error literal
 *   ("#DIV/0!", "#VALUE!", "#N/A", "#NUM!"): Kingsoft documents no error value a JS custom
 *   function can return, so the cell shows the same characters Excel shows, as text. A whole
 *   call that fails (ranges of different sizes, a bad option) returns one cell
 *   "#VALUE!：<the Chinese reason>", since WPS has no tooltip for an error's message.
 */
import './cf-runtime.js';
import * as sti from '../functions/functions.js';
import { COM_ERRORS, PARAM_NOT_FOUND } from './et.js';

export const STI_NAMESPACE = 'STI';

/** One function as WPS's AddCustomFunction and functions.json describe it. */
export interface WpsFunctionMetadata {
  /** The function name after "STI." (the Excel id: ASCII, as WPS requires). */
  name: string;
  /** The exported wrapper in src/functions/functions.ts. */
  jsName: string;
  description: string;
  parameters: { name: string; description: string; type: string }[];
  result: { type: string };
}

/** What a wrapper may return or throw for an error: CustomFunctions.Error, or the stand-in of cf-runtime. */
interface ErrorLike {
  code: string;
  message?: string;
}

const ERROR_LITERAL = /^#(DIV\/0!|N\/A|NAME\?|NULL!|NUM!|REF!|VALUE!)$/;

function isErrorLike(x: unknown): x is ErrorLike {
  return typeof x === 'object' && x !== null && typeof (x as ErrorLike).code === 'string' && ERROR_LITERAL.test((x as ErrorLike).code);
}

/** An error cell handed over by WPS, as the wrappers see one (not a number, so never computed with). */
class WpsInputError {
  constructor(readonly code: string) {}
  toString(): string {
    return this.code;
  }
}

/** One argument as WPS passes it → as the Excel runtime would have passed it. */
export function fromWps(arg: unknown): unknown {
  if (arg === PARAM_NOT_FOUND || arg === undefined) return undefined;
  if (typeof arg === 'number' && COM_ERRORS[arg]) return new WpsInputError(COM_ERRORS[arg]);
  if (Array.isArray(arg)) return arg.map((row) => (Array.isArray(row) ? row.map(fromWps) : fromWps(row)));
  if (typeof arg === 'object' && arg !== null && 'Value2' in arg) return fromWps((arg as { Value2: unknown }).Value2);
  return arg === null ? null : arg;
}

/** What a WPS cell shows for an error of the wrappers: Excel's literal, as text. */
export function errorForWps(e: ErrorLike): string {
  return e.code;
}

/** A result as WPS takes it: a 2-D array, error cells as their literal. */
export function toWps(result: unknown): unknown {
  if (Array.isArray(result)) return result.map((row) => (Array.isArray(row) ? row.map(toWps) : toWps(row)));
  if (isErrorLike(result)) return errorForWps(result);
  return result;
}

/** The wrapper of an Excel custom function made callable from WPS. */
export function forWps(fn: (...args: never[]) => unknown): (...args: unknown[]) => unknown {
  return (...args: unknown[]) => {
    try {
      return toWps(fn(...(args.map(fromWps) as never[])));
    } catch (e) {
      if (isErrorLike(e)) return [[e.message ? `${e.code}：${e.message}` : e.code]];
      return [[`#VALUE!：计算出错：${e instanceof Error ? e.message : String(e)}`]];
    }
  };
}

/** The JS function behind each STI name, looked up by the wrapper's exported name. */
export function stiFunction(jsName: string): ((...args: never[]) => unknown) | undefined {
  const f = (sti as Record<string, unknown>)[jsName];
  return typeof f === 'function' ? (f as (...args: never[]) => unknown) : undefined;
}

export interface CustomFunctionHost {
  AddCustomFunction?: WPS.EtAddonRoot['AddCustomFunction'];
}

/**
 * Registers every function of `metadata`. Returns the names registered; none when this WPS
 * has no AddCustomFunction (before 12.1.0.20540, or not WPS 表格).
 */
export function registerStiFunctions(host: CustomFunctionHost | undefined, metadata: readonly WpsFunctionMetadata[]): string[] {
  const add = host?.AddCustomFunction;
  if (typeof add !== 'function') return [];
  const done: string[] = [];
  for (const m of metadata) {
    const fn = stiFunction(m.jsName);
    if (!fn) throw new Error(`STI.${m.name}: 找不到函数 ${m.jsName}`);
    add.call(host, STI_NAMESPACE, m.name, forWps(fn), {
      description: m.description,
      parameters: m.parameters,
      result: m.result,
    });
    done.push(m.name);
  }
  return done;
}
