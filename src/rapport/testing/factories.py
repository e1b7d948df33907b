"""factory_boy factories for the core models. Tests of behaviour use the service functions."""

from __future__ import annotations

import datetime as dt

import factory

from rapport.accounts.models import Role, User
from rapport.customers.models import Customer, Stakeholder
from rapport.portfolio.models import Project, ProjectStakeholder


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"user{n}@rapport.test")
    full_name = factory.Sequence(lambda n: f"User {n}")
    role = Role.PROJECT_MANAGER
    password = factory.django.Password("correct horse battery staple")


class CustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Customer

    name = factory.Sequence(lambda n: f"Customer {n}")


class StakeholderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stakeholder

    customer = factory.SubFactory(CustomerFactory)
    name = factory.Sequence(lambda n: f"Stakeholder {n}")
    email = factory.Sequence(lambda n: f"stakeholder{n}@customer.test")


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    name = factory.Sequence(lambda n: f"Project {n}")
    customer = factory.SubFactory(CustomerFactory)


class ProjectStakeholderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectStakeholder

    project = factory.SubFactory(ProjectFactory)
    stakeholder = factory.SubFactory(
        StakeholderFactory, customer=factory.SelfAttribute("..project.customer")
    )


class ReviewCycleFactory(factory.django.DjangoModelFactory):
    """A planned review cycle on the project's frozen question set."""

    class Meta:
        model = "feedback.ReviewCycle"

    project = factory.SubFactory(ProjectFactory)
    period = "2026-01"
    mode = "email"

    @factory.lazy_attribute
    def question_set(self):
        from rapport.feedback.services import question_set_for

        return question_set_for(self.project)


class ResponseFactory(factory.django.DjangoModelFactory):
    """An answer to a review. Project, period, question set and confidentiality follow the
    cycle; the date is the first of the month (all an anonymous answer keeps)."""

    class Meta:
        model = "feedback.Response"

    cycle = factory.SubFactory(ReviewCycleFactory)
    project = factory.SelfAttribute("cycle.project")
    period = factory.SelfAttribute("cycle.period")
    question_set = factory.SelfAttribute("cycle.question_set")
    confidentiality = factory.SelfAttribute("cycle.confidentiality")
    source = "survey"
    scores = factory.LazyFunction(dict)
    overall = factory.LazyAttribute(lambda o: o.scores.get("overall"))
    is_complete = True
    submitted_on = factory.LazyAttribute(
        lambda o: dt.date(int(o.period[:4]), int(o.period[5:7]), 1)
    )
