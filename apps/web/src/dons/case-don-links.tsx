import { Link } from 'react-router';

/** The đơn a case was opened from or that were attached to it, each a link to its page. */
export function CaseDonLinks({ donIds }: { donIds: readonly string[] }) {
  return (
    <ul className="case-dons" data-testid="case-dons">
      {donIds.map((donId, index) => (
        <li key={donId}>
          <Link to={`/dons/${donId}`} data-testid="case-don-link" data-don-id={donId}>
            {index === 0 ? 'Đơn đầu tiên' : `Đơn thứ ${index + 1}`} ({donId.slice(0, 8)})
          </Link>
        </li>
      ))}
    </ul>
  );
}
