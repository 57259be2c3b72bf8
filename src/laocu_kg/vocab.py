"""The namespaces and terms of ``ontology/laocu.ttl``, in one place: no IRI string is typed twice."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace
from rdflib.term import URIRef

SCHEMA = Namespace("https://schema.org/")
LK_IRI = "https://w3id.org/laocu-kg/ontology#"
DEFAULT_BASE = "https://w3id.org/laocu-kg/id/"


class LK(DefinedNamespace):
    """laocu-kg ontology terms (mirrors ontology/laocu.ttl)."""

    _NS = Namespace(LK_IRI)
    _fail = True

    # organization kinds (subclasses of org:FormalOrganization / org:OrganizationalUnit)
    LaocuAssociation: URIRef  # 老区建设促进会
    PartyCommittee: URIRef  # 中共…委
    PartyDepartment: URIRef  # 组织部, 宣传部 … of a Party committee
    PeoplesGovernment: URIRef  # …人民政府
    GovernmentDepartment: URIRef  # 局, 厅, 委员会 of a government
    PeoplesCongress: URIRef  # 人大常委会
    PoliticalConsultativeConference: URIRef  # 政协
    MediaOrganization: URIRef  # 报社, 画报社, 杂志社, 出版社, 电视台
    University: URIRef  # 大学, 学院
    Enterprise: URIRef  # 公司, 集团
    MilitaryOrganization: URIRef  # 军区, 警备区
    SocialOrganization: URIRef  # other associations, societies, foundations
    # places
    AdministrativeDivision: URIRef
    Site: URIRef  # 纪念馆, 旧址, 烈士陵园, 教育基地, 培训中心 …
    AdministrativeLevel: URIRef  # a skos:Concept class for the levels below
    NationalLevel: URIRef
    ProvinceLevel: URIRef
    PrefectureLevel: URIRef
    CountyLevel: URIRef
    TownshipLevel: URIRef
    VillageLevel: URIRef
    # events
    Meeting: URIRef
    SurveyVisit: URIRef
    Exhibition: URIRef
    FoundingCongress: URIRef
    Election: URIRef
    Training: URIRef
    Ceremony: URIRef
    # n-ary relations and provenance
    Participation: URIRef
    AwardConferral: URIRef
    Evidence: URIRef
    # properties
    adminLevel: URIRef
    divisionCode: URIRef
    jurisdiction: URIRef  # organization → the place it serves
    titleAsWritten: URIRef  # membership → the chain as written
    isFormer: URIRef  # membership → true for 原 posts
    participant: URIRef  # participation → person
    inEvent: URIRef  # participation → event
    contribution: URIRef  # participation → what the person did (讲话, 主持 …)
    visited: URIRef  # event → place visited during it
    startMonthDay: URIRef  # event → xsd:gMonthDay when the year is unknown
    endMonthDay: URIRef
    dateInference: URIRef  # event/report → how the year was inferred
    awardTitle: URIRef
    recipient: URIRef
    recipientCount: URIRef
    conferredBy: URIRef
    conferredAt: URIRef
    evidence: URIRef  # anything → evidence node
    quote: URIRef  # evidence → sentence
    startOffset: URIRef  # evidence → first character offset in the report text
    endOffset: URIRef  # evidence → end offset (exclusive)
    sourcePath: URIRef
    contentHash: URIRef
    identityKey: URIRef  # person → name@province: mentions with one key are one node
    identityReason: URIRef  # person → why this report's mention got its key


__all__ = [
    "DEFAULT_BASE",
    "FOAF",
    "LK",
    "LK_IRI",
    "ORG",
    "OWL",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SKOS",
    "XSD",
]

PREFIXES: dict[str, str] = {
    "lk": LK_IRI,
    "org": str(ORG),
    "schema": str(SCHEMA),
    "foaf": str(FOAF),
    "skos": str(SKOS),
    "prov": str(PROV),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
}


def sparql_prefixes() -> str:
    """PREFIX declarations for every namespace the ontology uses."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
