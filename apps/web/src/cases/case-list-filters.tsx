import { ClearOutlined, FilterOutlined, SearchOutlined } from '@ant-design/icons';
import { Badge, Button, DatePicker, Form, Grid, Input, Select } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useSession } from '../auth/session';
import { allStages } from '../shared/catalog';
import { DEADLINE_STATUS, departmentLabel } from '../shared/labels';
import type { CaseListFilters, CaseListSort } from './case-list-query';

const SEARCH_DELAY_MS = 400;
const DATE_FORMAT = 'DD/MM/YYYY';

export interface InspectorOption {
  id: string;
  name: string;
}

interface CaseListFiltersProps {
  filters: CaseListFilters;
  sort: CaseListSort;
  inspectors: InspectorOption[];
  onChange(change: Partial<CaseListFilters> & { sort?: CaseListSort }): void;
  onClear(): void;
}

/** The register's filter bar: search box (typing is debounced), kind, stage, inspector, deadline status, receipt dates, department for roles that span them, sort. */
export function CaseListFilterBar({ filters, sort, inspectors, onChange, onClear }: CaseListFiltersProps) {
  const { catalog, user } = useSession();
  const spansDepartments = user.role === 'supervisor' || user.role === 'ubnd';
  const stages = useMemo(() => {
    const kind = catalog.kinds.find((k) => k.kind === filters.kind);
    return kind ? kind.stages.map(({ stage, label }) => ({ stage, label })) : allStages(catalog);
  }, [catalog, filters.kind]);
  const range: [dayjs.Dayjs | null, dayjs.Dayjs | null] | null =
    filters.receivedFrom || filters.receivedTo ? [filters.receivedFrom ? dayjs(filters.receivedFrom) : null, filters.receivedTo ? dayjs(filters.receivedTo) : null] : null;
  const active = Object.values(filters).some(Boolean) || sort !== 'received';
  // On a phone only the search box shows; the other filters open behind a button that counts those in use.
  const compact = Grid.useBreakpoint().md === false;
  const [open, setOpen] = useState(false);
  const inUse = Object.entries(filters).filter(([name, value]) => name !== 'q' && Boolean(value)).length;

  return (
    <Form layout="vertical" className="case-list-filters" component="div" aria-label="Bộ lọc sổ hồ sơ" role="search">
      <Form.Item label="Tìm kiếm" htmlFor="case-filter-q" className="case-list-filters__search">
        <SearchBox value={filters.q ?? ''} onSearch={(q) => onChange({ q })} />
      </Form.Item>
      {compact && (
        <Form.Item className="case-list-filters__toggle">
          <Badge count={inUse} size="small">
            <Button icon={<FilterOutlined />} aria-expanded={open} aria-controls="case-list-more-filters" onClick={() => setOpen(!open)}>
              {open ? 'Ẩn bộ lọc' : 'Bộ lọc'}
            </Button>
          </Badge>
        </Form.Item>
      )}
      {(!compact || open) && (
        <div id="case-list-more-filters" className="case-list-filters__more">
          {spansDepartments && (
            <Form.Item label="Đơn vị" htmlFor="case-filter-department">
              <Select
                id="case-filter-department"
                allowClear
                placeholder="Tất cả đơn vị"
                value={filters.department}
                onChange={(department?: string) => onChange({ department })}
                options={catalog.departments.map((d) => ({ value: d, label: departmentLabel(d) }))}
              />
            </Form.Item>
          )}
          <Form.Item label="Loại hồ sơ" htmlFor="case-filter-kind">
            <Select
              id="case-filter-kind"
              allowClear
              placeholder="Tất cả"
              value={filters.kind}
              onChange={(kind?: string) => onChange({ kind, ...(filters.stage && kind ? { stage: undefined } : {}) })}
              options={catalog.kinds.map((k) => ({ value: k.kind, label: k.name }))}
            />
          </Form.Item>
          <Form.Item label="Bước" htmlFor="case-filter-stage">
            <Select
              id="case-filter-stage"
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder="Tất cả"
              value={filters.stage}
              onChange={(stage?: string) => onChange({ stage })}
              options={stages.map((s) => ({ value: s.stage, label: s.label }))}
            />
          </Form.Item>
          <Form.Item label="Thanh tra viên" htmlFor="case-filter-inspector">
            <Select
              id="case-filter-inspector"
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder="Tất cả"
              value={filters.inspector}
              onChange={(inspector?: string) => onChange({ inspector })}
              options={inspectors.map((i) => ({ value: i.id, label: i.name }))}
              notFoundContent="Chưa có thanh tra viên nào được phân công"
            />
          </Form.Item>
          <Form.Item label="Tình trạng thời hạn" htmlFor="case-filter-deadline">
            <Select
              id="case-filter-deadline"
              allowClear
              placeholder="Tất cả"
              value={filters.deadlineStatus}
              onChange={(deadlineStatus?: string) => onChange({ deadlineStatus })}
              options={(['overdue', 'due-soon', 'on-time'] as const).map((s) => ({ value: s, label: DEADLINE_STATUS[s]!.label }))}
            />
          </Form.Item>
          <Form.Item label="Ngày nhận đơn" htmlFor="case-filter-received" className="case-list-filters__dates">
            <DatePicker.RangePicker
              id={{ start: 'case-filter-received', end: 'case-filter-received-to' }}
              format={DATE_FORMAT}
              allowEmpty={[true, true]}
              placeholder={['Từ ngày', 'Đến ngày']}
              value={range}
              onChange={(dates) =>
                onChange({
                  receivedFrom: dates?.[0]?.format('YYYY-MM-DD'),
                  receivedTo: dates?.[1]?.format('YYYY-MM-DD'),
                })
              }
              style={{ width: '100%' }}
            />
          </Form.Item>
          <Form.Item label="Sắp xếp" htmlFor="case-filter-sort">
            <Select
              id="case-filter-sort"
              value={sort}
              onChange={(next: CaseListSort) => onChange({ sort: next })}
              options={[
                { value: 'received', label: 'Mới nhận trước' },
                { value: 'due', label: 'Sắp đến hạn trước' },
              ]}
            />
          </Form.Item>
          <Form.Item label=" " colon={false} className="case-list-filters__clear">
            <Button icon={<ClearOutlined />} onClick={onClear} disabled={!active}>
              Xóa bộ lọc
            </Button>
          </Form.Item>
        </div>
      )}
    </Form>
  );
}

/** A search box that asks the API only once the user pauses typing; Enter asks at once. */
function SearchBox({ value, onSearch }: { value: string; onSearch(q: string): void }) {
  const [text, setText] = useState(value);
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    setShown(value);
    setText(value);
  }
  const search = useRef(onSearch);
  useEffect(() => {
    search.current = onSearch;
  }, [onSearch]);
  useEffect(() => {
    if (text.trim() === value.trim()) return undefined;
    const timer = setTimeout(() => search.current(text.trim()), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, value]);
  return (
    <Input
      id="case-filter-q"
      type="search"
      allowClear
      prefix={<SearchOutlined aria-hidden />}
      placeholder="Tìm kiếm"
      value={text}
      onChange={(event) => setText(event.target.value)}
      onPressEnter={() => onSearch(text.trim())}
    />
  );
}
