export function LogoMark({ size = 28 }: { size?: number }) {
  return (
    <svg className="logo-mark" width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="7" fill="currentColor" />
      <g fill="none" stroke="#fff" strokeWidth="2.4">
        <ellipse cx="16" cy="10" rx="8" ry="3.2" />
        <path d="M8 10v12c0 1.8 3.6 3.2 8 3.2s8-1.4 8-3.2V10M8 16c0 1.8 3.6 3.2 8 3.2s8-1.4 8-3.2" />
      </g>
    </svg>
  );
}
