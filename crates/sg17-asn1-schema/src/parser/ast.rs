//! The abstract syntax of ASN.1 modules as written (X.680 13-51), before resolution.

/// Default tagging of a module (X.680 13.1 TagDefault).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum TagDefault {
    /// `EXPLICIT TAGS` or nothing.
    #[default]
    Explicit,
    /// `IMPLICIT TAGS`.
    Implicit,
    /// `AUTOMATIC TAGS` (X.680 25.3).
    Automatic,
}

/// A module definition (X.680 13).
#[derive(Clone, Debug, PartialEq)]
pub struct ModuleAst {
    /// modulereference.
    pub name: String,
    /// Default tagging.
    pub tag_default: TagDefault,
    /// `EXTENSIBILITY IMPLIED` (X.680 13.4).
    pub extensibility_implied: bool,
    /// Imported symbols and the module they come from.
    pub imports: Vec<(Vec<String>, String)>,
    /// Assignments in order.
    pub assignments: Vec<Assignment>,
}

/// A type, value or other assignment (X.680 16, X.681, X.683).
#[derive(Clone, Debug, PartialEq)]
pub enum Assignment {
    /// `Name ::= Type`.
    Type {
        /// typereference.
        name: String,
        /// Dummy parameter names (X.683 8), empty when not parameterised.
        params: Vec<String>,
        /// The type.
        ty: TypeAst,
        /// Byte offset of the name.
        offset: usize,
    },
    /// `name Type ::= Value`.
    Value {
        /// valuereference.
        name: String,
        /// The governing type.
        ty: TypeAst,
        /// The value.
        value: ValueAst,
        /// Byte offset of the name.
        offset: usize,
    },
    /// An information object class (X.681 9): its fields and, for fixed-type value fields,
    /// their types.
    Class {
        /// objectclassreference.
        name: String,
        /// Field names with `&`, and the type of fixed-type value fields (the governing class
        /// of object set fields).
        fields: Vec<(String, Option<TypeAst>)>,
        /// The tokens of the WITH SYNTAX specification (X.681 10.5) without its braces; empty
        /// for the default syntax.
        syntax: Vec<super::lexer::Token>,
        /// Byte offset of the name.
        offset: usize,
    },
    /// An information object `name CLASS ::= { ... }` (X.681 11), kept as tokens until its
    /// class's syntax is known.
    Object {
        /// objectreference.
        name: String,
        /// The governing class (possibly module-qualified as written, `M.C` kept as `C`).
        class: String,
        /// Tokens of the object definition without its braces.
        body: Vec<super::lexer::Token>,
        /// Byte offset of the name.
        offset: usize,
    },
    /// `Name Governor ::= { ... }`: an information object set (X.681 12) when the governor is
    /// a class, else a value set (X.680 16.7).
    ObjectSet {
        /// objectsetreference or typereference.
        name: String,
        /// The governor as written.
        governor: TypeAst,
        /// Tokens of the set specification without its braces.
        body: Vec<super::lexer::Token>,
        /// Byte offset of the name.
        offset: usize,
    },
    /// Information object classes, objects, object sets, value sets and parameterised values
    /// (X.681, X.683): recorded by name, not yet interpreted.
    Other {
        /// The reference name.
        name: String,
        /// What kind of assignment this is.
        kind: &'static str,
        /// Byte offset of the name.
        offset: usize,
    },
}

/// Tag class (X.680 31.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TagClassAst {
    /// UNIVERSAL.
    Universal,
    /// APPLICATION.
    Application,
    /// Context-specific (no class keyword).
    Context,
    /// PRIVATE.
    Private,
}

/// A tag prefix `[class n] IMPLICIT|EXPLICIT` (X.680 31).
#[derive(Clone, Debug, PartialEq)]
pub struct TagAst {
    /// Class.
    pub class: TagClassAst,
    /// Number (literal or value reference).
    pub number: ValueAst,
    /// `Some(true)` for IMPLICIT, `Some(false)` for EXPLICIT, `None` for the module default.
    pub implicit: Option<bool>,
}

/// A type with its tags and constraints (X.680 17, 49).
#[derive(Clone, Debug, PartialEq)]
pub struct TypeAst {
    /// Tags, outermost first.
    pub tags: Vec<TagAst>,
    /// The built-in or referenced type.
    pub kind: TypeKindAst,
    /// Constraints applied in order (X.680 49.1 serial application).
    pub constraints: Vec<Constraint>,
    /// Byte offset.
    pub offset: usize,
}

/// The character string types (X.680 40).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StringType {
    /// BMPString.
    Bmp,
    /// GeneralString.
    General,
    /// GraphicString.
    Graphic,
    /// IA5String.
    Ia5,
    /// ISO646String or VisibleString.
    Visible,
    /// NumericString.
    Numeric,
    /// PrintableString.
    Printable,
    /// TeletexString or T61String.
    Teletex,
    /// UniversalString.
    Universal,
    /// UTF8String.
    Utf8,
    /// VideotexString.
    Videotex,
    /// ObjectDescriptor (X.680 48).
    ObjectDescriptor,
    /// UTCTime (X.680 47), a VisibleString for PER and OER.
    UtcTime,
    /// GeneralizedTime (X.680 46), a VisibleString for PER and OER.
    GeneralizedTime,
}

impl StringType {
    /// The type's name as written in ASN.1.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            StringType::Bmp => "BMPString",
            StringType::General => "GeneralString",
            StringType::Graphic => "GraphicString",
            StringType::Ia5 => "IA5String",
            StringType::Visible => "VisibleString",
            StringType::Numeric => "NumericString",
            StringType::Printable => "PrintableString",
            StringType::Teletex => "TeletexString",
            StringType::Universal => "UniversalString",
            StringType::Utf8 => "UTF8String",
            StringType::Videotex => "VideotexString",
            StringType::ObjectDescriptor => "ObjectDescriptor",
            StringType::UtcTime => "UTCTime",
            StringType::GeneralizedTime => "GeneralizedTime",
        }
    }

    /// The universal tag number (X.680 8.6 Table 1).
    #[must_use]
    pub fn universal_tag(self) -> u32 {
        match self {
            StringType::Bmp => 30,
            StringType::General => 27,
            StringType::Graphic => 25,
            StringType::Ia5 => 22,
            StringType::Visible => 26,
            StringType::Numeric => 18,
            StringType::Printable => 19,
            StringType::Teletex => 20,
            StringType::Universal => 28,
            StringType::Utf8 => 12,
            StringType::Videotex => 21,
            StringType::ObjectDescriptor => 7,
            StringType::UtcTime => 23,
            StringType::GeneralizedTime => 24,
        }
    }

    pub(crate) fn from_keyword(w: &str) -> Option<Self> {
        Some(match w {
            "BMPString" => StringType::Bmp,
            "GeneralString" => StringType::General,
            "GraphicString" => StringType::Graphic,
            "IA5String" => StringType::Ia5,
            "ISO646String" | "VisibleString" => StringType::Visible,
            "NumericString" => StringType::Numeric,
            "PrintableString" => StringType::Printable,
            "TeletexString" | "T61String" => StringType::Teletex,
            "UniversalString" => StringType::Universal,
            "UTF8String" => StringType::Utf8,
            "VideotexString" => StringType::Videotex,
            "ObjectDescriptor" => StringType::ObjectDescriptor,
            "UTCTime" => StringType::UtcTime,
            "GeneralizedTime" => StringType::GeneralizedTime,
            _ => return None,
        })
    }
}

/// The kinds of type notation (X.680 17.2).
#[derive(Clone, Debug, PartialEq)]
pub enum TypeKindAst {
    /// BOOLEAN.
    Boolean,
    /// NULL.
    Null,
    /// INTEGER with named numbers.
    Integer(Vec<(String, ValueAst)>),
    /// ENUMERATED: root items, and extension items when extensible.
    Enumerated {
        /// Root enumeration: names and optional numbers.
        root: Vec<(String, Option<ValueAst>)>,
        /// Additional enumeration, `Some` when there is an extension marker.
        ext: Option<Vec<(String, Option<ValueAst>)>>,
    },
    /// REAL.
    Real,
    /// BIT STRING with named bits.
    BitString(Vec<(String, ValueAst)>),
    /// OCTET STRING.
    OctetString,
    /// OBJECT IDENTIFIER.
    ObjectIdentifier,
    /// RELATIVE-OID.
    RelativeOid,
    /// A character string or time type.
    String(StringType),
    /// SEQUENCE { ... }.
    Sequence(ComponentList),
    /// SET { ... }.
    Set(ComponentList),
    /// CHOICE { ... }.
    Choice(ComponentList),
    /// SEQUENCE OF, with the optional element identifier.
    SequenceOf(Box<TypeAst>),
    /// SET OF.
    SetOf(Box<TypeAst>),
    /// A (possibly module-qualified, possibly parameterised) type reference.
    Reference {
        /// modulereference for `M.T`.
        module: Option<String>,
        /// typereference.
        name: String,
        /// Whether actual parameters followed (X.683 9).
        parameterised: bool,
        /// Actual parameters that are types, by position (`None`: a value or object set).
        args: Vec<Option<TypeAst>>,
        /// The tokens of each actual parameter (X.683 9.1), for class, value and object set
        /// parameters.
        raw_args: Vec<Vec<super::lexer::Token>>,
    },
    /// An ObjectClassFieldType `CLASS.&field` (X.681 14).
    ClassField {
        /// objectclassreference.
        class: String,
        /// The field name with its `&`.
        field: String,
    },
    /// An open type: ANY, ANY DEFINED BY, `CLASS.&Type` (X.681 14), EXTERNAL, EMBEDDED PDV,
    /// CHARACTER STRING, or a value field of a class whose type is not yet resolved.
    Open(String),
}

/// A list of SEQUENCE, SET or CHOICE components with extension markers (X.680 25, 27, 29).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ComponentList {
    /// Root components before the extension marker.
    pub root: Vec<Component>,
    /// Whether there is an extension marker.
    pub extensible: bool,
    /// Extension additions: single components or groups (`[[ ]]`).
    pub additions: Vec<Addition>,
    /// Root components after the second extension marker.
    pub root2: Vec<Component>,
}

/// An extension addition (X.680 25.1).
#[derive(Clone, Debug, PartialEq)]
#[allow(clippy::large_enum_variant)] // built once per component list; boxing buys nothing
pub enum Addition {
    /// One component.
    Single(Component),
    /// An extension addition group `[[ n: ... ]]`.
    Group(Vec<Component>),
}

/// Presence of a component (X.680 25.1).
#[derive(Clone, Debug, PartialEq)]
pub enum Presence {
    /// Mandatory.
    Required,
    /// OPTIONAL.
    Optional,
    /// DEFAULT value.
    Default(ValueAst),
}

/// A named component or alternative, or `COMPONENTS OF Type`.
#[derive(Clone, Debug, PartialEq)]
pub struct Component {
    /// identifier; empty for COMPONENTS OF.
    pub name: String,
    /// The component's type (the referenced SEQUENCE type for COMPONENTS OF).
    pub ty: TypeAst,
    /// OPTIONAL / DEFAULT.
    pub presence: Presence,
    /// `COMPONENTS OF` (X.680 25.5).
    pub components_of: bool,
}

/// Value notation (X.680 17.7), kept generic until the governing type is known.
#[derive(Clone, Debug, PartialEq)]
pub enum ValueAst {
    /// TRUE / FALSE.
    Boolean(bool),
    /// A number, possibly negative.
    Integer(i128),
    /// A realnumber, or PLUS-INFINITY / MINUS-INFINITY / NOT-A-NUMBER.
    Real(f64),
    /// A cstring.
    CString(String),
    /// A bstring's digits.
    BString(String),
    /// An hstring's digits.
    HString(String),
    /// NULL.
    Null,
    /// An identifier or valuereference (resolved against the governing type).
    Ident(String),
    /// `identifier : value` (CHOICE value, X.680 29.11).
    Choice(String, Box<ValueAst>),
    /// `name(number)` inside an OID value or named number.
    NamedNumber(String, Box<ValueAst>),
    /// `{ ... }`: comma-separated items, each a list of juxtaposed values.
    Braced(Vec<Vec<ValueAst>>),
    /// `{ Quadruple/Tuple }` or object notation not interpreted.
    Opaque,
}

/// A constraint (X.680 49): an element set specification or something not PER-visible.
#[derive(Clone, Debug, PartialEq)]
pub enum Constraint {
    /// `root [, ... [, additions]]`.
    Set {
        /// Root element set.
        root: Box<ElementSet>,
        /// Whether there is an extension marker.
        extensible: bool,
        /// Additional element set.
        additions: Option<Box<ElementSet>>,
    },
    /// A table constraint (X.682 10): the object set as tokens (without braces) and, for a
    /// component relation constraint, the AtNotation `@a.b` / `@.a` (X.682 10.7).
    Table {
        /// Tokens of the ObjectSet.
        set: Vec<super::lexer::Token>,
        /// The referenced component: number of leading dots (0 for `@a`) and identifiers.
        at: Option<(usize, Vec<String>)>,
    },
    /// A contents constraint `CONTAINING Type [ENCODED BY value]` (X.682 11).
    Containing(Box<TypeAst>),
    /// A user-defined constraint (X.682 9), `ENCODED BY` alone, or WITH COMPONENTS / PATTERN:
    /// recorded but not PER-visible.
    Other(&'static str),
}

/// Element set arithmetic (X.680 51.1).
#[derive(Clone, Debug, PartialEq)]
pub enum ElementSet {
    /// A single element.
    Element(Element),
    /// `|` / UNION.
    Union(Vec<ElementSet>),
    /// `^` / INTERSECTION.
    Intersection(Vec<ElementSet>),
    /// `a EXCEPT b`.
    Except(Box<ElementSet>, Box<ElementSet>),
    /// `ALL EXCEPT b`.
    AllExcept(Box<ElementSet>),
}

/// An end point of a value range (X.680 51.4).
#[derive(Clone, Debug, PartialEq)]
pub enum Bound {
    /// MIN.
    Min,
    /// MAX.
    Max,
    /// A value; `open` for `<` (X.680 51.4.4).
    Value(ValueAst, bool),
}

/// A subtype element (X.680 51).
#[derive(Clone, Debug, PartialEq)]
pub enum Element {
    /// A single value.
    Value(ValueAst),
    /// A value range.
    Range(Bound, Bound),
    /// SIZE constraint.
    Size(Box<Constraint>),
    /// FROM permitted alphabet.
    From(Box<Constraint>),
    /// A contained subtype (type reference, INCLUDES).
    Type(Box<TypeAst>),
    /// A nested parenthesised constraint.
    Nested(Box<Constraint>),
    /// WITH COMPONENT / WITH COMPONENTS (X.680 51.8): not PER-visible, checked against values.
    Inner(InnerAst),
    /// `PATTERN value` (X.680 51.9): the value (a cstring or a reference to one) and the byte
    /// offset of `PATTERN`.
    Pattern(ValueAst, usize),
    /// Property settings, object sets: not PER-visible.
    Other(&'static str),
}

/// InnerTypeConstraints (X.680 51.8).
#[derive(Clone, Debug, PartialEq)]
pub enum InnerAst {
    /// `WITH COMPONENT (constraint)`: on every element of a SEQUENCE OF or SET OF.
    Component {
        /// The SingleTypeConstraint.
        constraint: Box<Constraint>,
        /// Byte offset of `WITH` in the source.
        offset: usize,
    },
    /// `WITH COMPONENTS { [..., ] name [(constraint)] [PRESENT | ABSENT | OPTIONAL], ... }`.
    Components {
        /// PartialSpecification (`...` first); otherwise a FullSpecification.
        partial: bool,
        /// The NamedConstraints, in textual order.
        items: Vec<NamedConstraintAst>,
        /// Byte offset of `WITH` in the source.
        offset: usize,
    },
}

/// A NamedConstraint of WITH COMPONENTS (X.680 51.8.6).
#[derive(Clone, Debug, PartialEq)]
pub struct NamedConstraintAst {
    /// The component or alternative identifier.
    pub name: String,
    /// Byte offset of the identifier in the source.
    pub offset: usize,
    /// ValueConstraint, if any.
    pub value: Option<Constraint>,
    /// PresenceConstraint, if any.
    pub presence: Option<PresenceConstraint>,
}

/// PresenceConstraint of a NamedConstraint (X.680 51.8.6).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PresenceConstraint {
    /// PRESENT.
    Present,
    /// ABSENT.
    Absent,
    /// OPTIONAL.
    Optional,
}
