/** What is wrong with a form, announced as an alert; nothing when there is nothing. */
export function ProblemList({ problems, testId }: { problems: readonly string[]; testId: string }) {
  if (problems.length === 0) return null;
  return (
    <div className="error" role="alert" data-testid={testId}>
      <ul>
        {problems.map((problem) => (
          <li key={problem}>{problem}</li>
        ))}
      </ul>
    </div>
  );
}
