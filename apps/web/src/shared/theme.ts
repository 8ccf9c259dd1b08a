import type { ThemeConfig } from 'antd';

/**
 * One theme for the whole UI: system fonts (nothing loaded from outside), a calm primary colour. The secondary,
 * tertiary and placeholder greys and the link and error colours are darker than antd's: antd's defaults (black
 * at 45 % and 25 %, #1677ff, #ff4d4f) fall below the 4.5:1 contrast WCAG 2.1 AA asks of text, on white and on
 * the grey of table heads and description labels. (The tags' text colours are in styles.css.)
 */
export const THEME: ThemeConfig = {
  token: {
    colorPrimary: '#1f5fa8',
    colorLink: '#1f5fa8',
    colorTextDescription: 'rgba(0, 0, 0, 0.62)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.57)',
    colorError: '#cf1322',
    borderRadius: 6,
    fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans', sans-serif",
  },
};
