/** The awareness courses a candidate took part in, each a link to the course (on the candidate's page). */
import { Link } from 'react-router-dom';
import { useCandidateCourses } from './api.ts';

export function CandidateCourses({ candidateId }: { candidateId: number }) {
  const courses = useCandidateCourses(candidateId).data?.items ?? [];
  if (courses.length === 0) return null;
  return (
    <span data-testid="candidate-courses">
      {courses.map((course, index) => (
        <span key={course.id}>
          {index > 0 && ' · '}
          <Link to={`/admissions/courses/${course.id}`} data-testid="candidate-course-link">{course.name} ({course.code})</Link>
        </span>
      ))}
    </span>
  );
}
