import type { Translate } from './i18n/index.js';

/** Office.js error codes → what a statistician can act on. */
const OFFICE_CODES: Record<string, string> = {
  ItemAlreadyExists: '已存在同名工作表',
  ItemNotFound: '找不到要操作的工作表或区域（可能已被删除或改名）',
  InvalidArgument: 'Excel 拒绝了写入的内容',
  AccessDenied: '工作簿或工作表受保护，无法写入',
  InsertDeleteConflict: '写入区域与表格或合并单元格冲突',
  InvalidOperation: 'Excel 不允许此操作',
  GeneralException: 'Excel 内部错误，请稍后重试',
  RequestPayloadSizeLimitExceeded: '一次写入的数据过多',
  ApiNotFound: '此 Excel 版本不支持所需的功能，请更新 Office',
};

/** A readable sentence for any thrown thing; never empty, never "[object Object]". */
export function describeError(e: unknown, t: Translate): string {
  let message: string;
  if (e instanceof Error) {
    const code = (e as Error & { code?: string }).code;
    const known = code ? OFFICE_CODES[code] : undefined;
    message = known ? `${known}（${e.message}）` : e.message;
  } else if (typeof e === 'string') message = e;
  else message = JSON.stringify(e) ?? String(e);
  return t('error.generic', { message: message || String(e) });
}
