#!/usr/bin/python3
"""The peer: a district rollup as a capable statistician would script it with openpyxl + pandas.

Reads every submission workbook of a directory by labels (the 指标表 header row found by its
texts, rows by 指标代码; 企业名录 columns by header), then with pandas:
  * SUM fields: sum of 本期数 over the partition (townships/streets and parks the register
    marks 计入合计 = 是); other parks are memo units and are not added;
  * enterprise counts: distinct 统一社会信用代码 across the partition units' 企业名录 of the
    district (a memo park's list never raises a count);
  * ratios: Σ numerator / Σ denominator (never the mean of the units' ratios);
  * district-only ratios (R&D intensity …) over the district's own GDP etc.;
  * completion: the district's actual / the district's own target;
  * the city: Σ districts, enterprises distinct across the city.
Writes the totals to an .xlsx (pandas → openpyxl) and, with --json, prints them as JSON.

  /usr/bin/python3 bench/peer/rollup_pandas.py <dir> --register register.csv --out peer.xlsx [--json out.json]
"""
import argparse
import json
import os
import sys

import openpyxl
import pandas as pd

# What the statistician's script knows about the template (the indicator table's codes).
COUNT_RULES = {
    # code: (flags that must be 是, flags that must be 否, minimum 营业收入(万元))
    'IND_FIRMS': (['规上工业'], [], None),
    'IND_FIRMS_RD': (['规上工业', '有研发活动'], [], None),
    'IND_FIRMS_INST': (['规上工业', '有研发机构'], [], None),
    'HNTE_COUNT': (['高新技术企业'], [], None),
    'HNTE_NEW': (['新认定高企'], [], None),
    'TSME_COUNT': (['科技型中小企业'], [], None),
    'DZ_NO_RD_GE_1E8': (['规上工业'], ['有研发活动'], 10000),
    'DZ_NO_INST_GE_5E8': (['规上工业'], ['有研发机构'], 50000),
}
DISTRICT_ONLY = ['GDP', 'EMPLOYED', 'FISCAL_EXP', 'FISCAL_ST_EXP', 'FAI', 'HT_INV']
RATIOS = {
    # code: (numerator, denominator, factor)
    'IND_RD_FEE_RATIO': ('IND_RD_FEE', 'IND_REVENUE', 100),
    'RD_ACTIVE_FIRM_SHARE': ('IND_FIRMS_RD', 'IND_FIRMS', 100),
    'RD_INST_FIRM_SHARE': ('IND_FIRMS_INST', 'IND_FIRMS', 100),
    'HNTE_PER_1000_FIRMS': ('HNTE_COUNT', 'FIRMS_TOTAL', 1000),
    'HT_OUTPUT_SHARE': ('HT_OUTPUT', 'IND_OUTPUT', 100),
    'HT_VA_SHARE': ('HT_VA', 'IND_VA', 100),
    'RD_INTENSITY': ('RD_EXP', 'GDP', 100),
    'RD_PER_10K_EMP': ('RD_FTE', 'EMPLOYED', 10000),
    'HT_INV_SHARE': ('HT_INV', 'FAI', 100),
    'TECH_CONTRACT_GDP_RATIO': ('TECH_CONTRACT_AMT', 'GDP', 100),
    'FISCAL_ST_SHARE': ('FISCAL_ST_EXP', 'FISCAL_EXP', 100),
}
COMPLETION = {'RD_COMPLETION': 'RD_EXP', 'TECH_CONTRACT_COMPLETION': 'TECH_CONTRACT_AMT', 'HNTE_COMPLETION': 'HNTE_COUNT'}
FLAG_COLUMNS = ['规上工业', '高新技术企业', '新认定高企', '科技型中小企业', '有研发活动', '有研发机构']


def norm(s):
    return '' if s is None else str(s).strip().replace(' ', '').replace('\u3000', '').split('(')[0].split('（')[0]


def find_header(rows, must):
    """Row index and {label: column} of the first row holding all the labels in `must`."""
    for i, row in enumerate(rows[:20]):
        labels = {norm(v): j for j, v in enumerate(row) if v is not None}
        if all(m in labels for m in must):
            return i, labels
    return None, None


def to_number(v):
    if v is None or v == '':
        return None
    if isinstance(v, (int, float)):
        return float(v)
    try:
        return float(str(v).replace(',', '').strip())
    except ValueError:
        return None


def read_submission(path):
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        meta = {}
        for row in wb['_meta'].iter_rows(values_only=True):
            if row and row[0] is not None:
                meta[str(row[0]).strip()] = '' if len(row) < 2 or row[1] is None else str(row[1]).strip()
        unit = meta.get('unit_code', '')

        ind_rows = list(wb['指标表'].iter_rows(values_only=True))
        h, cols = find_header(ind_rows, ['指标代码', '本期数'])
        if h is None:
            raise ValueError(f'{path}: 指标表 header not found')
        fields = []
        for row in ind_rows[h + 1:]:
            code = row[cols['指标代码']] if cols['指标代码'] < len(row) else None
            if code is None or str(code).strip() == '':
                continue
            get = lambda label: to_number(row[cols[label]]) if label in cols and cols[label] < len(row) else None
            fields.append((unit, str(code).strip(), get('本期数'), get('上年同期数'), get('全年目标')))

        ent_rows = list(wb['企业名录'].iter_rows(values_only=True))
        h, cols = find_header(ent_rows, ['统一社会信用代码', '企业名称'])
        enterprises = []
        if h is not None:
            for row in ent_rows[h + 1:]:
                uscc = row[cols['统一社会信用代码']] if cols['统一社会信用代码'] < len(row) else None
                if uscc is None or str(uscc).strip() == '':
                    continue
                rec = [unit, str(uscc).strip().upper()]
                rec += [str(row[cols[f]]).strip() == '是' if f in cols and row[cols[f]] is not None else False for f in FLAG_COLUMNS]
                rec.append(to_number(row[cols['营业收入']]) if '营业收入' in cols else None)
                enterprises.append(rec)
        return meta, fields, enterprises
    finally:
        wb.close()


def counts_of(ent):
    out = {}
    for code, (need, none, min_rev) in COUNT_RULES.items():
        m = pd.Series(True, index=ent.index)
        for f in need:
            m &= ent[f]
        for f in none:
            m &= ~ent[f]
        if min_rev is not None:
            m &= ent['营业收入'].fillna(-1) >= min_rev
        out[code] = m
    return pd.DataFrame(out)


def indicators(row):
    ind = {}
    for code, (num, den, factor) in RATIOS.items():
        n, d = row.get(num), row.get(den)
        ind[code] = None if n is None or d is None or pd.isna(n) or pd.isna(d) or d == 0 else n / d * factor
    for code, base in COMPLETION.items():
        a, t = row.get(base), row.get(base + '__target')
        ind[code] = None if a is None or t is None or pd.isna(a) or pd.isna(t) or t == 0 else a / t * 100
    return ind


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('dir')
    ap.add_argument('--register', required=True)
    ap.add_argument('--out', required=True)
    ap.add_argument('--json')
    args = ap.parse_args()

    reg = pd.read_csv(args.register, dtype=str, encoding='utf-8-sig').fillna('')
    reg.columns = [c.strip() for c in reg.columns]
    reg = reg.rename(columns={'单位代码': 'unit', '单位名称': 'name', '单位类型': 'kind', '上级单位代码': 'parent', '计入合计': 'member'})
    districts = reg[reg['kind'].isin(['区', '县', '区(县)'])][['unit', 'name']]
    children = reg[reg['kind'].isin(['乡镇', '街道', '镇', '乡', '园区'])].copy()
    children['partition'] = (children['kind'] != '园区') | (children['member'] == '是')

    meta_rows, field_rows, ent_rows = [], [], []
    for name in sorted(os.listdir(args.dir)):
        if not name.lower().endswith('.xlsx') or name.startswith('~$'):
            continue
        meta, fields, ents = read_submission(os.path.join(args.dir, name))
        meta_rows.append({'unit': meta.get('unit_code', ''), 'kind': meta.get('unit_kind', ''), 'file': name})
        field_rows += fields
        ent_rows += ents

    fields = pd.DataFrame(field_rows, columns=['unit', 'code', 'current', 'previous', 'target'])
    ents = pd.DataFrame(ent_rows, columns=['unit', 'uscc'] + FLAG_COLUMNS + ['营业收入'])

    # Township and park figures, with their district and whether they are added.
    f_child = fields.merge(children[['unit', 'parent', 'partition']], on='unit')
    part = f_child[f_child['partition']]
    sums = part.pivot_table(index='parent', columns='code', values='current', aggfunc='sum')

    # Enterprise counts: distinct USCC over the partition units' lists of the district (memo parks are never added).
    e_child = ents.merge(children[['unit', 'parent', 'partition']], on='unit')
    e_child = e_child[e_child['partition']]
    e_child = e_child.sort_values(['parent', 'unit'], kind='stable')
    distinct = e_child.drop_duplicates(['parent', 'uscc'], keep='first')
    counts = counts_of(distinct).groupby(distinct['parent']).sum()

    # The district's own inputs and targets.
    own = fields[fields['unit'].isin(districts['unit'])]
    inputs = own[own['code'].isin(DISTRICT_ONLY)].pivot_table(index='unit', columns='code', values='current', aggfunc='first')
    targets = own[own['code'].isin(COMPLETION.values())].pivot_table(index='unit', columns='code', values='target', aggfunc='first')
    targets.columns = [c + '__target' for c in targets.columns]

    totals = sums.drop(columns=[c for c in COUNT_RULES if c in sums.columns]).join(counts, how='outer').join(inputs, how='left').join(targets, how='left')
    totals = districts.set_index('unit').join(totals, how='left')

    result = {'districts': {}, 'city': None}
    for unit, row in totals.iterrows():
        r = {k: (None if pd.isna(v) else (float(v) if not isinstance(v, str) else v)) for k, v in row.items()}
        result['districts'][unit] = {
            'name': r.pop('name'),
            'fields': {k: v for k, v in r.items() if not k.endswith('__target')},
            'indicators': indicators(r),
        }

    # The city: Σ districts of SUM fields, enterprises distinct across the city, its own inputs and targets.
    city_code = reg[reg['kind'].isin(['市', '地级市'])]['unit']
    if len(city_code):
        city_code = city_code.iloc[0]
        csum = sums.sum(axis=0)
        cdist = e_child.drop_duplicates(['uscc'], keep='first')
        ccount = counts_of(cdist).sum()
        cown = fields[fields['unit'] == city_code].set_index('code')
        crow = {**{k: float(v) for k, v in csum.items() if k not in COUNT_RULES}, **{k: float(v) for k, v in ccount.items()}}
        for k in DISTRICT_ONLY:
            if k in cown.index:
                crow[k] = to_number(cown.loc[k, 'current'])
        for k in COMPLETION.values():
            if k in cown.index:
                crow[k + '__target'] = to_number(cown.loc[k, 'target'])
        result['city'] = {'unit': city_code, 'fields': {k: v for k, v in crow.items() if not k.endswith('__target')}, 'indicators': indicators(crow)}

    # The output workbook: one row per district, totals and indicators.
    out = pd.DataFrame(
        [{'单位代码': u, '单位名称': d['name'], **d['fields'], **{k: v for k, v in d['indicators'].items()}} for u, d in result['districts'].items()]
    )
    with pd.ExcelWriter(args.out, engine='openpyxl') as xw:
        out.to_excel(xw, sheet_name='汇总表', index=False)
        pd.DataFrame([{'files': len(meta_rows), 'enterprise_rows': len(ents), 'distinct_enterprises': int(distinct.shape[0])}]).to_excel(xw, sheet_name='说明', index=False)
    result['files'] = len(meta_rows)
    if args.json:
        with open(args.json, 'w', encoding='utf-8') as fh:
            json.dump(result, fh, ensure_ascii=False)
    return 0


if __name__ == '__main__':
    sys.exit(main())
