//! The icons of the server-drawn first page: the SVG that lucide-react draws for each (the web
//! app's icon set), so the page looks the same before and after the app takes it over.
//! web/src/app/first-paint.test.ts checks these shapes against lucide-react's own.

/// A lucide icon: its class names and the shapes inside its `<svg>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Icon {
    pub class: &'static str,
    pub shapes: &'static str,
}

impl Icon {
    /// The `<svg>` as lucide-react draws it at `size` pixels, hidden from assistive technology.
    pub fn svg(self, size: u32) -> String {
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{size}\" height=\"{size}\" \
             viewBox=\"0 0 24 24\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"2\" \
             stroke-linecap=\"round\" stroke-linejoin=\"round\" class=\"lucide {}\" \
             aria-hidden=\"true\">{}</svg>",
            self.class, self.shapes
        )
    }
}

pub const HOME: Icon = Icon {
    class: "lucide-house lucide-home",
    shapes: "<path d=\"M15 21v-8a1 1 0 0 0-1-1h-4a1 1 0 0 0-1 1v8\"></path><path d=\"M3 10a2 2 0 0 1 .709-1.528l7-6a2 2 0 0 1 2.582 0l7 6A2 2 0 0 1 21 10v9a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2z\"></path>",
};

pub const HASH: Icon = Icon {
    class: "lucide-hash",
    shapes: "<line x1=\"4\" x2=\"20\" y1=\"9\" y2=\"9\"></line><line x1=\"4\" x2=\"20\" y1=\"15\" y2=\"15\"></line><line x1=\"10\" x2=\"8\" y1=\"3\" y2=\"21\"></line><line x1=\"16\" x2=\"14\" y1=\"3\" y2=\"21\"></line>",
};

pub const SEARCH: Icon = Icon {
    class: "lucide-search",
    shapes: "<path d=\"m21 21-4.34-4.34\"></path><circle cx=\"11\" cy=\"11\" r=\"8\"></circle>",
};

pub const LOG_IN: Icon = Icon {
    class: "lucide-log-in",
    shapes: "<path d=\"m10 17 5-5-5-5\"></path><path d=\"M15 12H3\"></path><path d=\"M15 3h4a2 2 0 0 1 2 2v14a2 2 0 0 1-2 2h-4\"></path>",
};

pub const NEWSPAPER: Icon = Icon {
    class: "lucide-newspaper",
    shapes: "<path d=\"M15 18h-5\"></path><path d=\"M18 14h-8\"></path><path d=\"M4 22h16a2 2 0 0 0 2-2V4a2 2 0 0 0-2-2H8a2 2 0 0 0-2 2v16a2 2 0 0 1-4 0v-9a2 2 0 0 1 2-2h2\"></path><rect width=\"8\" height=\"4\" x=\"10\" y=\"6\" rx=\"1\"></rect>",
};

pub const LIST: Icon = Icon {
    class: "lucide-list",
    shapes: "<path d=\"M3 5h.01\"></path><path d=\"M3 12h.01\"></path><path d=\"M3 19h.01\"></path><path d=\"M8 5h13\"></path><path d=\"M8 12h13\"></path><path d=\"M8 19h13\"></path>",
};

pub const EXTERNAL_LINK: Icon = Icon {
    class: "lucide-external-link",
    shapes: "<path d=\"M15 3h6v6\"></path><path d=\"M10 14 21 3\"></path><path d=\"M18 13v6a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V8a2 2 0 0 1 2-2h6\"></path>",
};

pub const HEART: Icon = Icon {
    class: "lucide-heart",
    shapes: "<path d=\"M2 9.5a5.5 5.5 0 0 1 9.591-3.676.56.56 0 0 0 .818 0A5.49 5.49 0 0 1 22 9.5c0 2.29-1.5 4-3 5.5l-5.492 5.313a2 2 0 0 1-3 .019L5 15c-1.5-1.5-3-3.2-3-5.5\"></path>",
};

pub const BOOKMARK: Icon = Icon {
    class: "lucide-bookmark",
    shapes: "<path d=\"M17 3a2 2 0 0 1 2 2v15a1 1 0 0 1-1.496.868l-4.512-2.578a2 2 0 0 0-1.984 0l-4.512 2.578A1 1 0 0 1 5 20V5a2 2 0 0 1 2-2z\"></path>",
};

pub const MESSAGE_SQUARE: Icon = Icon {
    class: "lucide-message-square",
    shapes: "<path d=\"M22 17a2 2 0 0 1-2 2H6.828a2 2 0 0 0-1.414.586l-2.202 2.202A.71.71 0 0 1 2 21.286V5a2 2 0 0 1 2-2h16a2 2 0 0 1 2 2z\"></path>",
};

pub const MONITOR: Icon = Icon {
    class: "lucide-monitor",
    shapes: "<rect width=\"20\" height=\"14\" x=\"2\" y=\"3\" rx=\"2\"></rect><line x1=\"8\" x2=\"16\" y1=\"21\" y2=\"21\"></line><line x1=\"12\" x2=\"12\" y1=\"17\" y2=\"21\"></line>",
};

pub const SUN: Icon = Icon {
    class: "lucide-sun",
    shapes: "<circle cx=\"12\" cy=\"12\" r=\"4\"></circle><path d=\"M12 2v2\"></path><path d=\"M12 20v2\"></path><path d=\"m4.93 4.93 1.41 1.41\"></path><path d=\"m17.66 17.66 1.41 1.41\"></path><path d=\"M2 12h2\"></path><path d=\"M20 12h2\"></path><path d=\"m6.34 17.66-1.41 1.41\"></path><path d=\"m19.07 4.93-1.41 1.41\"></path>",
};

pub const MOON: Icon = Icon {
    class: "lucide-moon",
    shapes: "<path d=\"M20.985 12.486a9 9 0 1 1-9.473-9.472c.405-.022.617.46.402.803a6 6 0 0 0 8.268 8.268c.344-.215.825-.004.803.401\"></path>",
};

pub const SHARE: Icon = Icon {
    class: "lucide-share-2",
    shapes: "<circle cx=\"18\" cy=\"5\" r=\"3\"></circle><circle cx=\"6\" cy=\"12\" r=\"3\"></circle><circle cx=\"18\" cy=\"19\" r=\"3\"></circle><line x1=\"8.59\" x2=\"15.42\" y1=\"13.51\" y2=\"17.49\"></line><line x1=\"15.41\" x2=\"8.59\" y1=\"6.51\" y2=\"10.49\"></line>",
};
