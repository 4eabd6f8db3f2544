/**
 * The sentences of the 通报 (bulletin) as data, zh-CN, in the style of the bureaus' own texts
 * ("东湖区：研发经费投入强度1.96%，居全市第2位，较上年上升1位；…"). bulletin.ts fills them in;
 * no sentence is put together anywhere else. `{name}` is a parameter; a template used with a
 * parameter missing is a programming error (fillTemplate throws).
 */
export const BULLETIN_ZH = {
  /** The title, in the lines the document breaks it into (one line in text). */
  titleLine1: '{parent}{period}科技创新主要指标',
  titleLine2: '完成情况通报',
  titleLine1NoParent: '{period}全市科技创新主要指标',
  subtitleDateOnly: '{date}',
  date: '{year}年{month}月{day}日',
  fileName: '通报_{parent}_{period}.docx',
  parentUnknown: '全市',
  unitWan: '万元',
  unitYi: '亿元',
  unknownCode: '未知的指标代码：{code}',
  titleLabel: '（{label}）',
  subtitle: '{issuer}　{date}',
  issuer: '{parent}科学技术局',

  headingCity: '一、全市总体情况',
  headingRanking: '二、各区（县）科创指数排名',
  headingRankingNoIndex: '二、各区（县）主要指标排名',
  headingDistricts: '三、各区（县）情况',
  headingParks: '四、园区情况',
  headingNotes: '{number}、说明',

  /** City summary. */
  cityLead: '{period}，全市',
  cityLeadNoPeriod: '全市',
  cityNoTotals: '{count}个区（县）参与排名。',
  /** A figure: name, value and unit ("R&D经费内部支出21.53亿元"). */
  figure: '{name}{value}{unit}',
  growthUp: '同比增长{value}%',
  growthDown: '同比下降{value}%',
  growthFlat: '与上年同期持平',
  ppUp: '比上年提高{value}个百分点',
  ppDown: '比上年下降{value}个百分点',
  ppFlat: '与上年持平',
  completion: '完成全年目标的{value}%',
  scheduleAhead: '超时序进度{value}个百分点',
  scheduleBehind: '落后时序进度{value}个百分点',
  scheduleEven: '与时序进度持平',
  clauseSeparator: '，',
  itemSeparator: '；',
  listSeparator: '、',
  sentenceEnd: '。',

  /** Ranking overview (end of the city summary). */
  indexTop: '从科创指数看，{units}居全市前{count}位',
  indexChangeLead: '与上年相比，',
  indexRise: '位次上升的有{units}',
  indexFall: '位次下降的有{units}',
  indexAllSame: '与上年相比，各区（县）位次均未变化',
  unitChange: '{unit}（{change}）',

  /** District paragraphs. */
  districtLead: '{unit}：',
  districtIndex: '科创指数{value}分{mark}，居全市第{rank}位',
  districtIndexMissing: '科创指数无法计算',
  rankUp: '较上年上升{n}位',
  rankDown: '较上年下降{n}位',
  rankSame: '与上年持平',
  strengths: '优势指标：{items}',
  weaknesses: '短板指标：{items}',
  indicatorRanked: '{figure}，居全市第{rank}位',
  indicatorRankedChange: '{figure}，居全市第{rank}位，{change}',
  districtFigures: '主要指标：{items}',
  noRankedIndicators: '各项指标均无数值，未参与排名',

  /** Incomplete totals, said where the figure is. */
  incompleteParts: '（该数据不完整，不含{parts}）',
  incompleteText: '（该数据不完整：{text}）',
  incompleteAgain: '（该数据同样不完整）',
  incompletePartsGroup: '（以上数据不完整，不含{parts}）',
  incompleteTextGroup: '（以上数据不完整：{text}）',
  incompleteAgainGroup: '（以上数据同样不完整）',
  incompletePart: '{unit}（{reason}）',

  /** Parks. */
  parksLead: '{scope}共{count}个园区参与园区排名（园区为所在区（县）的“其中”项，数据不另计入合计）。',
  parksScopeCity: '全市',
  parksScopeDistrict: '{unit}',
  parkLead: '{park}（{district}）：',
  parkLeadNoDistrict: '{park}：',
  parkRanked: '{figure}，居园区第{rank}位',

  /** Tables. */
  tableIndexCaption: '表1　{parent}{period}各区（县）科创指数排名',
  tableIndicatorsCaption: '附表　{parent}{period}各区（县）主要指标数值及位次',
  tableIndicatorsCaptionContinued: '附表（续）',
  tableIndicatorsNote: '注：括号内为位次；标“※”的数值所依据的合计不完整，见正文说明。',
  colRank: '位次',
  colUnit: '区（县）',
  colIndex: '科创指数（分）',
  colPreviousRank: '上年位次',
  colChange: '位次变化',
  colIndicator: '指标',
  colIndicatorUnit: '单位',
  valueWithRank: '{value}（{rank}）',
  incompleteMark: '※',
  none: '—',
  seeTable: '各区（县）科创指数及位次见表1，各项指标数值及位次见附表。',
  seeAppendix: '各区（县）各项指标数值及位次见附表。',

  /** Notes (说明). */
  noteNumber: '{n}．',
  noteCaliber:
    '口径：本通报数据来自各乡镇（街道）、园区和区（县）报表，按统计规则汇总；比率类指标按“分子合计÷分母合计”计算，不取平均；企业数按统一社会信用代码去重；园区为所在区（县）的“其中”项，不重复计入合计。',
  noteUnits: '金额在1亿元及以上的以亿元表示，其余以万元表示；数值按四舍五入（与Excel的ROUND相同）保留至规定位数。',
  noteRankMethod: '排名方法：各指标按其方向排位（越大越好的从大到小排位{lowerBetter}），采用{method}，{decimals}。',
  noteLowerBetter: '；{names}越小越好，从小到大排位',
  noteDecimalsDisplay: '按显示位数四舍五入后的数值比较',
  noteDecimalsFull: '按全精度数值比较',
  noteIndex: '科创指数：由{count}项指标采用{method}合成{aggregation}（{weights}），在各区（县）之间重新计算。',
  noteAggregationArithmetic: '',
  noteAggregationGeometric: '，加权几何平均',
  noteWeightsEqual: '各指标等权',
  noteWeights: '权重：{items}',
  noteWeightItem: '{name}{weight}%',
  noteChange: '位次变化为上年位次减本年位次，按两年都参与排名的区（县）、本年排名方法重新排位后比较。',
  noteSchedule: '时序进度：{period}为全年的{months}/12，即{progress}%；“超（落后）时序进度”为完成率与时序进度之差。',
  noteIncompleteLead: '合计不完整的数据（正文中已随数注明）：',
  noteIncompleteItem: '{unit}的{names}{more}不含{parts}',
  noteIncompleteItemText: '{unit}的{names}{more}：{text}',
  noteIncompleteMore: '等{count}项',
  notePreviousFigure: '{name}上年同期数',
  noteRanking: '排名表注：{text}',
  noteNoRollup: '未给出汇总数据：本通报不含全市合计、完成率、增速和园区情况。',
  noteNoCity: '汇总数据中没有全市合计：本通报不含全市合计。',
  noteLabel: '本通报使用{label}，不代表任何真实地区。',
} as const;

export type BulletinTemplateKey = keyof typeof BULLETIN_ZH;

/** Chinese numerals for section numbers (一、二、…). */
export const SECTION_NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'] as const;

/**
 * Indicators of the city summary, in order: each is said with its growth, change in
 * percentage points, completion of the annual target and 时序进度 where the rollup has them.
 */
export const CITY_SUMMARY_CODES: readonly string[] = [
  'RD_EXP',
  'RD_INTENSITY',
  'HNTE_COUNT',
  'HNTE_NEW',
  'TSME_COUNT',
  'TECH_CONTRACT_AMT',
  'HT_OUTPUT_SHARE',
  'IND_RD_FEE_RATIO',
];

/** A district paragraph's own figures (totals with growth and completion) after its ranks. */
export const DISTRICT_FIGURE_CODES: readonly string[] = ['RD_EXP', 'HNTE_COUNT', 'TECH_CONTRACT_AMT'];

/** A park's sentence: these of the park ranking's columns (and its completion rates, where ranked). */
export const PARK_SENTENCE_CODES: readonly string[] = ['RD_EXP', 'RD_GROWTH', 'HNTE_COUNT', 'TECH_CONTRACT_AMT'];

/** How many strongest / weakest indicators a district paragraph names. */
export const STRENGTHS_NAMED = 3;

/** 万元 figures from this much on are said in 亿元 (with 2 decimals). */
export const YI_THRESHOLD_WAN = 10000;
export const YI_DECIMALS = 2;

/** Fill a template's {parameters}; a missing parameter throws (a programming error, caught by the tests). */
export function fillTemplate(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    if (!(key in params)) throw new Error(`通报模板缺少参数 ${key}：${template}`);
    return String(params[key]);
  });
}
