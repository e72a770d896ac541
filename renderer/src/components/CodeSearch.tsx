// The code field: typing three or more characters lists matching clients at once (no debounce:
// the search is an indexed range on the code), arrows move, Enter picks the highlighted one;
// with `onRegister`, an unknown code offers registration and Enter on it opens the form. The
// screen is seen by clients: no list before the third character, and at most a handful of codes.
import { forwardRef, useId, useRef, useState } from 'react';
import { Badge, Box, Group, Paper, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { normalizeCode } from '../../../shared/codes';
import { call } from '../api';
import { formatDate } from '../i18n';
import type { ClientSummary } from '../types';

export interface CodeSearchProps {
  label: string;
  description?: React.ReactNode;
  onPick(client: ClientSummary): void;
  onRegister?(code: string): void;
  autoFocus?: boolean;
  size?: 'sm' | 'md' | 'lg' | 'xl';
  /** Clients already chosen elsewhere on the screen are left out of the list. */
  exclude?: readonly number[];
  'data-testid'?: string;
}

type Option = { kind: 'client'; client: ClientSummary } | { kind: 'register'; code: string };

const MIN_CHARS = 3;
const MAX_SHOWN = 5;

export const CodeSearch = forwardRef<HTMLInputElement, CodeSearchProps>(function CodeSearch(
  { label, description, onPick, onRegister, autoFocus, size = 'md', exclude, ...rest },
  ref,
) {
  const { t } = useTranslation();
  const listId = useId();
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<ClientSummary[]>([]);
  const [highlight, setHighlight] = useState(0);
  const [settledQuery, setSettledQuery] = useState('');
  // Refs, so that Enter pressed before the latest answer arrives acts on that answer.
  const seq = useRef(0);
  const latest = useRef<Promise<ClientSummary[]>>(Promise.resolve([]));
  const highlightRef = useRef(0);
  const settledSeq = useRef(0);

  const optionsFor = (list: ClientSummary[], q: string): Option[] => {
    const norm = normalizeCode(q);
    const shown = list.filter((c) => !exclude?.includes(c.id));
    const opts: Option[] = shown.map((client) => ({ kind: 'client', client }));
    if (onRegister && norm.length >= MIN_CHARS && !list.some((c) => c.code === norm || c.viaMergedCode === norm)) opts.push({ kind: 'register', code: norm });
    return opts;
  };

  const search = (q: string) => {
    const my = ++seq.current;
    const norm = normalizeCode(q);
    const p = norm.length >= MIN_CHARS ? call('clients.search', { query: norm, limit: MAX_SHOWN }).then((r) => (r.ok ? r.value : [])) : Promise.resolve([]);
    latest.current = p;
    void p.then((list) => {
      if (my !== seq.current) return;
      settledSeq.current = my;
      setResults(list);
      setSettledQuery(q);
      highlightRef.current = 0;
      setHighlight(0);
    });
  };

  const reset = () => {
    seq.current++;
    latest.current = Promise.resolve([]);
    setQuery('');
    setResults([]);
    setSettledQuery('');
    highlightRef.current = 0;
    setHighlight(0);
  };

  const choose = (opt: Option | undefined) => {
    if (!opt) return;
    reset();
    if (opt.kind === 'client') onPick(opt.client);
    else onRegister?.(opt.code);
  };

  const onEnter = async () => {
    const q = query;
    const mySeq = seq.current;
    const list = await latest.current;
    if (seq.current !== mySeq) return; // typed on meanwhile
    const opts = optionsFor(list, q);
    const h = settledSeq.current === mySeq ? highlightRef.current : 0;
    choose(opts[h] ?? opts[0]);
  };

  const options = optionsFor(results, settledQuery);
  const open = normalizeCode(query).length >= MIN_CHARS && settledQuery === query && options.length > 0;
  const noMatch = normalizeCode(query).length >= MIN_CHARS && settledQuery === query && results.length === 0 && !onRegister;

  const move = (delta: number) => {
    if (options.length === 0) return;
    const next = (highlightRef.current + delta + options.length) % options.length;
    highlightRef.current = next;
    setHighlight(next);
  };

  const optionId = (i: number) => `${listId}-opt-${i}`;

  return (
    <Box pos="relative">
      <TextInput
        ref={ref}
        label={label}
        description={description}
        size={size}
        value={query}
        autoFocus={autoFocus}
        autoComplete="off"
        spellCheck={false}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={open ? optionId(highlight) : undefined}
        styles={{ input: { fontFamily: 'ui-monospace, "DejaVu Sans Mono", monospace', letterSpacing: '0.08em', textTransform: 'uppercase' } }}
        onChange={(e) => {
          const v = e.currentTarget.value;
          setQuery(v);
          search(v);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            move(1);
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            move(-1);
          } else if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey) {
            e.preventDefault();
            void onEnter();
          } else if (e.key === 'Escape' && query !== '') {
            e.preventDefault();
            e.stopPropagation();
            reset();
          }
        }}
        {...rest}
      />
      {noMatch && (
        <Text size="sm" mt={4} role="status">
          {t('search.noMatch')}
        </Text>
      )}
      <Paper
        id={listId}
        role="listbox"
        aria-label={t('search.results')}
        withBorder
        shadow="md"
        pos="absolute"
        left={0}
        right={0}
        mt={4}
        style={{ zIndex: 20, display: open ? 'block' : 'none' }}
      >
        {options.map((opt, i) => (
          <Box
            key={opt.kind === 'client' ? opt.client.id : 'register'}
            id={optionId(i)}
            role="option"
            aria-selected={i === highlight}
            className="search-option"
            px="sm"
            py={6}
            onMouseDown={(e) => {
              e.preventDefault();
              choose(opt);
            }}
          >
            {opt.kind === 'client' ? (
              <Group gap="sm" wrap="nowrap">
                <Text ff="monospace" fw={700} fz="lg">
                  {opt.client.code}
                </Text>
                <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                  {t(`sex.${opt.client.sex}`)}
                  {opt.client.birthYear ? `, ${opt.client.birthYear}` : ''}
                </Text>
                {opt.client.viaMergedCode && <Badge variant="outline" color="gray">{t('search.viaMerged', { code: opt.client.viaMergedCode })}</Badge>}
                <Text size="sm" ml="auto" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                  {opt.client.lastVisit ? t('search.lastVisit', { date: formatDate(opt.client.lastVisit) }) : t('search.noVisits')}
                </Text>
              </Group>
            ) : (
              <Text fw={600}>{t('search.register', { code: opt.code })}</Text>
            )}
          </Box>
        ))}
      </Paper>
    </Box>
  );
});
