import { logFormat } from './logger.options';

describe('the log format', () => {
  it('is readable lines in development and JSON in production, unless KNTC_LOG_FORMAT says otherwise', () => {
    expect(logFormat({})).toBe('pretty');
    expect(logFormat({ NODE_ENV: 'production' })).toBe('json');
    expect(logFormat({ KNTC_MODE: 'production' })).toBe('json');
    expect(logFormat({ KNTC_LOG_FORMAT: 'json' })).toBe('json');
    expect(logFormat({ NODE_ENV: 'production', KNTC_LOG_FORMAT: 'pretty' })).toBe('pretty');
  });

  it('stops on an unknown KNTC_LOG_FORMAT, naming the variable', () => {
    expect(() => logFormat({ KNTC_LOG_FORMAT: 'xml' })).toThrow('configuration: KNTC_LOG_FORMAT: must be json or pretty, got "xml"');
  });
});
